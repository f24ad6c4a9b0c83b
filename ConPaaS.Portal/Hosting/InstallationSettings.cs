using Microsoft.Extensions.Configuration.Json;

namespace ConPaaS.Portal.Hosting;

internal static class InstallationSettings
{
    /// <summary>
    /// The installation's settings live in the top-level appsettings.json of the directory the portal is
    /// started from (the repository root for the README's command). It is inserted first, so the
    /// portal's own defaults, environment variables (<c>ConPaaS__Section__Key</c>) and the command line win.
    /// </summary>
    public static WebApplicationBuilder AddInstallationSettings(this WebApplicationBuilder builder)
    {
        var path = Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json");
        var ownPath = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        if (File.Exists(path) && !string.Equals(Path.GetFullPath(path), Path.GetFullPath(ownPath), StringComparison.Ordinal))
        {
            var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }

        // MudBlazor's CSS and JS come from its package; outside Development they are only found when
        // static web assets are switched on explicitly (harmless once published).
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }
}

using System.Diagnostics;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// What the installed nginx offers, asked once: nginx-light may lack the uwsgi and scgi modules, and naming
/// the temporary folder of a missing module is a configuration error.
/// </summary>
internal static class NginxInstallation
{
    private const string SystemMimeTypes = "/etc/nginx/mime.types";

    private static readonly Lazy<string> BuildOptions = new(ReadBuildOptions);

    public static bool HasUwsgi => !BuildOptions.Value.Contains("--without-http_uwsgi_module", StringComparison.Ordinal);

    public static bool HasScgi => !BuildOptions.Value.Contains("--without-http_scgi_module", StringComparison.Ordinal);

    /// <summary>The system's MIME type table (read only, never written), when it has one.</summary>
    public static string? MimeTypes => File.Exists(SystemMimeTypes) ? SystemMimeTypes : null;

    private static string ReadBuildOptions()
    {
        var start = new ProcessStartInfo(PhpBinaries.Nginx, "-V") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start);
        if (process is null)
            return "";
        var text = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}

using ConPaaS.Infrastructure.Clouds.Local;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Fills in what configuration may leave out: with no cloud configured there is one, <c>local</c>; a local cloud
/// without a nodes folder gets <c>&lt;data&gt;/nodes</c> (later ones <c>&lt;data&gt;/nodes-&lt;name&gt;</c>).
/// </summary>
internal sealed class CloudsOptionsSetup : IPostConfigureOptions<CloudsOptions>, IValidateOptions<CloudsOptions>
{
    public void PostConfigure(string? name, CloudsOptions options)
    {
        if (options.Clouds.Count == 0)
            options.Clouds.Add(new CloudOptions { Name = LocalCloud.DriverName, Driver = LocalCloud.DriverName, IsDefault = true });

        var firstLocal = true;
        foreach (var cloud in options.Clouds.Where(cloud => string.Equals(cloud.Driver, LocalCloud.DriverName, StringComparison.OrdinalIgnoreCase)))
        {
            if (string.IsNullOrEmpty(cloud.Local.NodesDirectory))
                cloud.Local.NodesDirectory = Path.Combine(options.DataDirectory, firstLocal ? "nodes" : $"nodes-{cloud.Name}");
            if (string.IsNullOrEmpty(cloud.Local.ServicesDirectory))
                cloud.Local.ServicesDirectory = Path.Combine(options.DataDirectory, "services");
            firstLocal = false;
        }
    }

    public ValidateOptionsResult Validate(string? name, CloudsOptions options)
    {
        var failures = new List<string>();
        if (options.Clouds.Any(cloud => string.IsNullOrWhiteSpace(cloud.Name)))
            failures.Add("Every entry of ConPaaS:Clouds needs a Name.");
        foreach (var duplicate in options.Clouds.GroupBy(cloud => cloud.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1))
            failures.Add($"Two clouds are named '{duplicate.Key}'.");
        if (options.Clouds.Count(cloud => cloud.IsDefault) > 1)
            failures.Add("Only one cloud may be the default.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

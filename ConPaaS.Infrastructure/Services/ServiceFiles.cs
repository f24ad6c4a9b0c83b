using System.Globalization;
using ConPaaS.Infrastructure.Options;

namespace ConPaaS.Infrastructure.Services;

/// <summary>
/// What a service keeps in the portal's data folder besides its database rows: its git repository
/// (<c>repos/&lt;id&gt;.git</c>) and its own folder (<c>services/&lt;id&gt;</c>: TaskFarm state and outputs, dumps
/// waiting to load). A deleted service leaves none of it behind, and a later service given the same id starts clean.
/// </summary>
public static class ServiceFiles
{
    public static void Delete(ConPaaSOptions options, int serviceId)
    {
        var data = options.ResolveDataDirectory();
        var id = serviceId.ToString(CultureInfo.InvariantCulture);
        foreach (var folder in new[] { Path.Combine(data, "repos", $"{id}.git"), Path.Combine(data, "services", id) })
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}

namespace ConPaaS.Domain.Manifests;

/// <summary>
/// An application described in the original ConPaaS manifest format (<c>Application</c>, <c>Description</c>,
/// <c>Services</c>), plus the variables its user fills in when deploying it.
/// </summary>
public sealed record Manifest(
    string Application, string? Description, IReadOnlyList<ManifestVariable> Variables, IReadOnlyList<ManifestService> Services);

/// <summary>A value asked for at deploy time and used as <c>${Id}</c> anywhere in the manifest.</summary>
/// <param name="Pattern">A regular expression the whole value must match, when given.</param>
public sealed record ManifestVariable(string Id, string Label, string? Default, string? Pattern);

/// <summary>An xtreemfs volume created at start (the original's <c>VolumeStartup</c>).</summary>
public sealed record VolumeStartup(string VolumeName, string? Owner);

/// <summary>One entry of <c>Services</c>.</summary>
/// <param name="Index">Its position, so errors and progress can say <c>Services[1]</c>.</param>
/// <param name="StartupInstances">Nodes wanted per role once the service runs.</param>
/// <param name="Bag">Extension: a TaskFarm bag of tasks uploaded once the service runs.</param>
public sealed record ManifestService(
    int Index,
    string Type,
    string? ServiceName,
    string? Cloud,
    bool Start,
    ManifestSource? StartupScript,
    IReadOnlyDictionary<string, int> StartupInstances,
    ManifestSource? Archive,
    ManifestSource? Dump,
    string? Password,
    ManifestSource? Bag,
    VolumeStartup? VolumeStartup)
{
    public string Field => $"Services[{Index}]";

    /// <summary>The type as the manifest wrote it (the original's <c>xtreemfs</c> for <c>storage</c>), for messages.</summary>
    public string WrittenType { get; init; } = "";
}

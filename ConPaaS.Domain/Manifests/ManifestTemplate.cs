namespace ConPaaS.Domain.Manifests;

/// <summary>
/// A manifest as read, before its variables are filled in: the structure is checked (types, roles, counts), the
/// string fields may still hold <c>${variable}</c> and <c>${secret:name}</c>. <see cref="ManifestResolver"/> fills them.
/// </summary>
public sealed record ManifestTemplate(
    string? Application, string? Description, IReadOnlyList<ManifestVariable> Variables, IReadOnlyList<TemplateService> Services);

/// <summary>One entry of <c>Services</c> as written; strings unresolved.</summary>
public sealed record TemplateService(
    int Index,
    string Type,
    string? ServiceName,
    string? Cloud,
    bool Start,
    string? StartupScript,
    IReadOnlyDictionary<string, int> StartupInstances,
    string? Archive,
    string? Dump,
    string? Password,
    string? Bag,
    VolumeStartup? VolumeStartup)
{
    public string Field => $"Services[{Index}]";

    /// <summary>The type as the manifest wrote it (the original's <c>xtreemfs</c> for <c>storage</c>), for messages.</summary>
    public string WrittenType { get; init; } = "";
}

using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>
/// The manager of a catalogue type whose own manager is not written yet: it provisions nodes with the
/// type's agent roles, which fail clearly ("the agent has no role …") until those roles exist.
/// </summary>
public sealed class CatalogManager(ServiceType type) : ServiceManager
{
    public override ServiceType Type { get; } = type;

    /// <summary>A TaskFarm starts without machines: its schedule decides how many.</summary>
    public override IReadOnlyList<IReadOnlyList<string>> InitialNodes =>
        Type.Key == "taskfarm" ? [] : base.InitialNodes;
}

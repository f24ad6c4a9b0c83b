namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>Where a virtual machine is in its life, as far as a node cares.</summary>
public enum VmState
{
    /// <summary>Requested or booting: wait.</summary>
    Pending,

    /// <summary>Running; it may still lack an address.</summary>
    Running,

    /// <summary>Stopping, stopped, terminated, failed: it will never serve.</summary>
    Gone,
}

/// <summary>
/// A machine a cloud runs for this installation, as its API reports it: the node it was started for (from its
/// tags or template), its state and address, and why it is gone when it is.
/// </summary>
public sealed record VmInstance(
    string InstanceId,
    string NodeId,
    VmState State,
    string? Address,
    string InstanceType,
    IReadOnlyList<string> Roles,
    DateTimeOffset LaunchedAt,
    string? StateReason = null);

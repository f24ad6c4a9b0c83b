namespace ConPaaS.Agent.Code;

/// <summary>A role was asked to serve a version that was never uploaded to this node.</summary>
public sealed class CodeVersionNotFoundException(string version)
    : Exception($"The code version '{version}' is not on this node; upload it first.")
{
    public string Version { get; } = version;
}

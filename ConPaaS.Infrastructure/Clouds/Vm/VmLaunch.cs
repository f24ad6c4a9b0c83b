namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>What a driver needs to start one machine for a node: its tags' content and its user-data.</summary>
public sealed record VmLaunch(string InstallationId, NodeSpec Spec, string InstanceType, string UserData, int Attempt);

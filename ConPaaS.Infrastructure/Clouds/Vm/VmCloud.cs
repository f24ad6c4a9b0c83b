using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Certificates;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>
/// A cloud of virtual machines (EC2, OpenNebula): one machine per node, started with user-data that turns it
/// into a node (<see cref="UserDataScript"/>), followed until it has an address and its agent answers. A
/// machine that never gets an address or whose agent never answers is terminated and another one tried; the
/// reasons end up in the <see cref="CloudException"/> the service page shows. Drivers supply the four API calls.
/// </summary>
public abstract class VmCloud : ICloud
{
    private readonly VmCloudServices _services;

    protected VmCloud(CloudOptions cloud, VmBootstrapOptions bootstrap, VmCloudServices services)
    {
        Name = cloud.Name;
        InstanceTypes = cloud.InstanceTypes.Count > 0
            ? cloud.InstanceTypes
            : throw new ArgumentException($"The cloud '{cloud.Name}' lists no InstanceTypes; a virtual-machine cloud needs at least one.", nameof(cloud));
        Bootstrap = bootstrap;
        _services = services;
        Logger = services.Loggers.CreateLogger(GetType());
    }

    public string Name { get; }

    public abstract string Driver { get; }

    public IReadOnlyList<InstanceTypeOptions> InstanceTypes { get; }

    protected VmBootstrapOptions Bootstrap { get; }

    protected ILogger Logger { get; }

    protected string InstallationId => _services.Bootstrap.InstallationId;

    /// <summary>Starts one machine and returns its id; errors become <see cref="CloudException"/>s that say what to fix.</summary>
    protected abstract Task<string> LaunchAsync(VmLaunch launch, CancellationToken cancellationToken);

    /// <summary>The machine's state now; <see cref="VmState.Gone"/> when the cloud no longer knows it.</summary>
    protected abstract Task<VmInstance> DescribeAsync(string instanceId, string nodeId, CancellationToken cancellationToken);

    /// <summary>Ends the machine; one that is already gone is not an error.</summary>
    protected abstract Task TerminateInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Every machine not yet gone that carries this installation's mark.</summary>
    protected abstract Task<IReadOnlyList<VmInstance>> ListInstancesAsync(CancellationToken cancellationToken);

    public Task<IReadOnlyList<CloudNode>> CreateNodesAsync(IReadOnlyList<NodeSpec> specs, CancellationToken cancellationToken = default) =>
        ParallelNodeStart.RunAsync(Name, specs, spec => CreateNodeAsync(spec, cancellationToken));

    public async Task TerminateNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        foreach (var instance in (await ListInstancesAsync(cancellationToken)).Where(instance => instance.NodeId == nodeId))
        {
            Logger.LogInformation("Terminating instance {InstanceId} of node {NodeId} on cloud {Cloud}", instance.InstanceId, nodeId, Name);
            await TerminateInstanceAsync(instance.InstanceId, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<CloudNode>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        (await ListInstancesAsync(cancellationToken))
            .Where(instance => instance.State != VmState.Gone)
            .Select(ToCloudNode)
            .OrderBy(node => node.NodeId, StringComparer.Ordinal)
            .ToList();

    private async Task<CloudNode> CreateNodeAsync(NodeSpec spec, CancellationToken cancellationToken)
    {
        NodeNames.EnsureValid(spec.NodeId);
        var instanceType = ResolveInstanceType(spec);
        var reasons = new List<string>();

        // A retried provisioning step finds the machine the first try started, instead of starting a second one.
        var existing = (await ListInstancesAsync(cancellationToken)).FirstOrDefault(instance => instance.NodeId == spec.NodeId && instance.State != VmState.Gone);
        if (existing is not null && await TryBringUpAsync(existing.InstanceId, spec, reasons, cancellationToken) is { } adopted)
            return adopted;

        for (var attempt = reasons.Count + 1; attempt <= Math.Max(1, Bootstrap.Attempts); attempt++)
        {
            var launch = new VmLaunch(InstallationId, spec, instanceType, await UserDataAsync(spec), attempt);
            var instanceId = await LaunchAsync(launch, cancellationToken);
            Logger.LogInformation("Node {NodeId}: instance {InstanceId} ({Type}) requested on cloud {Cloud}, attempt {Attempt}",
                spec.NodeId, instanceId, instanceType, Name, attempt);
            if (await TryBringUpAsync(instanceId, spec, reasons, cancellationToken) is { } node)
                return node;
        }
        throw new CloudException(Name, $"Node {spec.NodeId} did not start on cloud '{Name}' after {reasons.Count} machine(s): {string.Join("; ", reasons)}")
        {
            NodeIds = [spec.NodeId],
        };
    }

    /// <summary>Follows a machine to an address and an answering agent; on failure terminates it and adds the reason.</summary>
    private async Task<CloudNode?> TryBringUpAsync(string instanceId, NodeSpec spec, List<string> reasons, CancellationToken cancellationToken)
    {
        var failure = "";
        try
        {
            var instance = await WaitForAddressAsync(instanceId, spec.NodeId, cancellationToken);
            if (instance.State == VmState.Gone)
            {
                failure = $"instance {instanceId} stopped while booting ({instance.StateReason ?? "no reason given"})";
            }
            else if (instance.Address is null)
            {
                failure = $"instance {instanceId} got no address within {Bootstrap.AddressTimeout.TotalSeconds:F0} s";
            }
            else
            {
                var node = ToCloudNode(instance);
                var answer = await WaitForAgentAsync(node, cancellationToken);
                if (answer is null)
                {
                    Logger.LogInformation("Node {NodeId} answers at {Address}:{Port} (instance {InstanceId})", spec.NodeId, node.Address, node.Port, instanceId);
                    return node;
                }
                failure = $"the agent on instance {instanceId} ({node.Address}) did not answer within {Bootstrap.AgentReadyTimeout.TotalSeconds:F0} s: {answer}";
            }
        }
        catch (CloudException exception)
        {
            failure = exception.Message;
        }
        reasons.Add(failure);
        Logger.LogWarning("Node {NodeId}: {Reason}; terminating the instance", spec.NodeId, failure);
        await TerminateInstanceAsync(instanceId, CancellationToken.None);
        return null;
    }

    private async Task<VmInstance> WaitForAddressAsync(string instanceId, string nodeId, CancellationToken cancellationToken)
    {
        var deadline = _services.Time.GetUtcNow() + Bootstrap.AddressTimeout;
        while (true)
        {
            var instance = await DescribeAsync(instanceId, nodeId, cancellationToken);
            if (instance.State == VmState.Gone || (instance.State == VmState.Running && instance.Address is not null)
                || _services.Time.GetUtcNow() >= deadline)
                return instance;
            await Task.Delay(Bootstrap.InstancePollInterval, _services.Time, cancellationToken);
        }
    }

    /// <summary>Null once the agent answered over mutual TLS; otherwise the last reason it did not.</summary>
    private async Task<string?> WaitForAgentAsync(CloudNode node, CancellationToken cancellationToken)
    {
        var deadline = _services.Time.GetUtcNow() + Bootstrap.AgentReadyTimeout;
        while (true)
        {
            string reason;
            try
            {
                await _services.Agents.GetStatusAsync(node.Agent, cancellationToken);
                return null;
            }
            catch (AgentException exception)
            {
                reason = exception.Message;
            }
            if (_services.Time.GetUtcNow() + Bootstrap.AgentPollInterval > deadline)
                return reason;
            await Task.Delay(Bootstrap.AgentPollInterval, _services.Time, cancellationToken);
        }
    }

    private async Task<string> UserDataAsync(NodeSpec spec)
    {
        var agentUrl = Bootstrap.AgentUrl is { Length: > 0 } configured ? configured
            : _services.PublicUrl is { Length: > 0 } portal ? $"{portal.TrimEnd('/')}/agent/{AgentPackage.FileName}"
            : throw new CloudException(Name, $"The cloud '{Name}' cannot tell new machines where to fetch the agent: set ConPaaS:PublicUrl (the portal's address as nodes reach it) or the cloud's Bootstrap:AgentUrl.") { NodeIds = [spec.NodeId] };
        // The certificate names the node, not an address: the address is known only after launch, and the
        // portal checks an agent by its node name (AgentCertificateValidator).
        var credentials = _services.Bootstrap.Create(spec, []).Credentials;
        return UserDataScript.Create(spec.NodeId, credentials, agentUrl, await _services.Package.GetSha256Async(), Bootstrap);
    }

    private string ResolveInstanceType(NodeSpec spec)
    {
        if (spec.InstanceType is null)
            return InstanceTypes[0].Name;
        return InstanceTypes.Any(type => type.Name == spec.InstanceType)
            ? spec.InstanceType
            : throw new CloudException(Name, $"The cloud '{Name}' has no instance type '{spec.InstanceType}' (it has {string.Join(", ", InstanceTypes.Select(t => t.Name))}).") { NodeIds = [spec.NodeId] };
    }

    private CloudNode ToCloudNode(VmInstance instance) =>
        new(instance.NodeId, Name, instance.Address ?? "", Bootstrap.AgentPort, instance.Roles, instance.InstanceType, instance.LaunchedAt);
}

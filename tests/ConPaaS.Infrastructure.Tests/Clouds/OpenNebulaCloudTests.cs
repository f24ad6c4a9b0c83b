using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.OpenNebula;
using ConPaaS.Infrastructure.Tests.Clouds.Fakes;

namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>The OpenNebula driver against a wire-level XML-RPC fake whose VMs boot the real user-data and agent.</summary>
public sealed class OpenNebulaCloudTests : IAsyncLifetime
{
    private VmCloudSandbox _sandbox = null!;

    public Task InitializeAsync()
    {
        _sandbox = new VmCloudSandbox("opennebula", new Dictionary<string, string?>
        {
            ["ConPaaS:Clouds:0:OpenNebula:InstanceTypeTemplates:t3.large"] = "CPU=4 MEMORY=8192",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_node_started_on_opennebula_answers_over_mutual_tls_and_terminating_it_ends_its_vm_and_agent()
    {
        var node = await _sandbox.CreateNodeAsync("node-1", "t3.large");

        var status = await _sandbox.Agents.GetStatusAsync(node.Agent);
        var vm = _sandbox.Machines.All.Single();
        var template = _sandbox.OpenNebula.Templates.Single();
        Assert.Equal("node-1", status.NodeId);
        Assert.Equal(vm.Address, node.Address);
        Assert.Equal("t3.large", node.InstanceType);
        Assert.Contains("CPU=1 MEMORY=512", template, StringComparison.Ordinal);
        Assert.Contains("CPU=4 MEMORY=8192", template, StringComparison.Ordinal);
        Assert.Contains("NAME=\"conpaas-node-1\"", template, StringComparison.Ordinal);
        Assert.Equal(_sandbox.InstallationId, vm.Tags[OpenNebulaMarks.Installation]);
        Assert.Equal("42", vm.Tags[OpenNebulaMarks.Service]);
        Assert.Equal(["node-1"], (await _sandbox.Cloud.ListNodesAsync()).Select(n => n.NodeId));

        await _sandbox.Cloud.TerminateNodeAsync("node-1");

        Assert.Equal(FakeMachineState.Terminated, vm.State);
        Assert.False(FakeMachines.IsProcessAlive(vm));
        Assert.Empty(await _sandbox.Cloud.ListNodesAsync());
    }

    [Fact]
    public async Task Wrong_credentials_are_named_without_showing_the_password()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("opennebula", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:OpenNebula:Password"] = "wrong-password" });

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("OpenNebula refused the credentials of cloud 'vm-test'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Check its UserName and Password", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vm_whose_agent_never_answers_is_terminated_and_retried_then_the_node_fails_with_the_reason()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("opennebula", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:{section}:Bootstrap:AgentReadyTimeout"] = "00:00:01" });
        _sandbox.Machines.SkipBoot = true;

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("did not answer within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.Machines.All.Count);
        Assert.All(_sandbox.Machines.All, vm => Assert.Equal(FakeMachineState.Terminated, vm.State));
    }

    [Fact]
    public async Task The_sanity_check_terminates_a_marked_vm_no_record_owns()
    {
        _sandbox.Machines.SkipBoot = true;
        var stray = _sandbox.Machines.Launch("", "t3.micro", "", new Dictionary<string, string>
        {
            [OpenNebulaMarks.Installation] = _sandbox.InstallationId,
            [OpenNebulaMarks.Node] = "node-99",
        });
        var check = new CloudSanityCheck(_sandbox.Registry, Microsoft.Extensions.Logging.Abstractions.NullLogger<CloudSanityCheck>.Instance);

        var terminated = await check.TerminateUnownedAsync(new HashSet<string>());

        Assert.Equal(["vm-test/node-99"], terminated);
        Assert.Equal(FakeMachineState.Terminated, stray.State);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_xml_rpc_is_named()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("opennebula", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:OpenNebula:Endpoint"] = "http://127.0.0.1:9/RPC2" });

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("The OpenNebula cloud 'vm-test' could not call one.vmpool.info", failure.Message, StringComparison.Ordinal);
    }
}

using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Ec2;
using ConPaaS.Infrastructure.Tests.Clouds.Fakes;

namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>The real AWS SDK against a wire-level EC2 fake whose machines boot the real user-data and agent.</summary>
public sealed class Ec2CloudTests : IAsyncLifetime
{
    private VmCloudSandbox _sandbox = null!;

    public Task InitializeAsync()
    {
        _sandbox = new VmCloudSandbox("ec2");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_node_started_on_ec2_answers_over_mutual_tls_and_terminating_it_ends_its_machine_and_agent()
    {
        var node = await _sandbox.CreateNodeAsync("node-1", "t3.large");

        var status = await _sandbox.Agents.GetStatusAsync(node.Agent);
        var machine = _sandbox.Machines.All.Single();
        Assert.Equal("node-1", status.NodeId);
        Assert.Equal(machine.Address, node.Address);
        Assert.Equal("t3.large", node.InstanceType);
        Assert.Equal(VmCloudSandbox.CloudName, node.CloudName);
        Assert.Equal(_sandbox.InstallationId, machine.Tags[Ec2Tags.Installation]);
        Assert.Equal("node-1", machine.Tags[Ec2Tags.Node]);
        Assert.Equal("42", machine.Tags[Ec2Tags.Service]);
        Assert.Equal("on-demand", machine.Tags["fake:market"]);
        Assert.True(FakeMachines.IsProcessAlive(machine));
        Assert.Equal(["node-1"], (await _sandbox.Cloud.ListNodesAsync()).Select(n => n.NodeId));

        await _sandbox.Cloud.TerminateNodeAsync("node-1");

        Assert.Equal(FakeMachineState.Terminated, machine.State);
        Assert.False(FakeMachines.IsProcessAlive(machine));
        Assert.Empty(await _sandbox.Cloud.ListNodesAsync());
    }

    [Fact]
    public async Task A_spot_cloud_asks_for_spot_instances()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("ec2", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:Ec2:Spot"] = "true" });

        await _sandbox.CreateNodeAsync("node-1");

        Assert.Equal("spot", _sandbox.Machines.All.Single().Tags["fake:market"]);
    }

    [Fact]
    public async Task Creating_a_node_that_already_runs_returns_it_instead_of_starting_a_second_machine()
    {
        await _sandbox.CreateNodeAsync("node-1");

        var again = await _sandbox.CreateNodeAsync("node-1");

        Assert.Single(_sandbox.Machines.All);
        Assert.Equal(_sandbox.Machines.All.Single().Address, again.Address);
    }

    [Fact]
    public async Task Throttled_calls_are_retried_until_they_pass()
    {
        _sandbox.Ec2.FailNext("RunInstances", "RequestLimitExceeded", times: 2, status: 503);

        var node = await _sandbox.CreateNodeAsync("node-1");

        Assert.Equal(3, _sandbox.Ec2.Calls.Count(call => call == "RunInstances"));
        Assert.Single(_sandbox.Machines.All);
        Assert.Equal("node-1", (await _sandbox.Agents.GetStatusAsync(node.Agent)).NodeId);
    }

    [Fact]
    public async Task No_capacity_for_the_instance_type_is_said_plainly_and_starts_nothing()
    {
        _sandbox.Ec2.FailNext("RunInstances", "InsufficientInstanceCapacity", times: 3, status: 500);

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("no capacity for instance type 't3.micro'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Try another instance type or cloud, or later", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["node-1"], failure.NodeIds);
        Assert.Empty(_sandbox.Machines.All);
    }

    [Fact]
    public async Task An_unknown_image_names_the_setting_to_fix()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("ec2", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:Ec2:ImageId"] = "debian-13" });

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("The image 'debian-13'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Fix the cloud's ImageId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_are_named_without_showing_the_secret()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("ec2", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:Ec2:AccessKeyId"] = "AKIAWRONGWRONG" });

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("EC2 refused the credentials of cloud 'vm-test' (AuthFailure", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-secret-never-logged", failure.ToString(), StringComparison.Ordinal);
        Assert.Empty(_sandbox.Machines.All);
    }

    [Fact]
    public async Task A_machine_whose_agent_never_answers_is_terminated_and_retried_then_the_node_fails_with_the_reason()
    {
        await _sandbox.DisposeAsync();
        _sandbox = new VmCloudSandbox("ec2", new Dictionary<string, string?> { ["ConPaaS:Clouds:0:{section}:Bootstrap:AgentReadyTimeout"] = "00:00:01" });
        _sandbox.Machines.SkipBoot = true;

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("Node node-1 did not start on cloud 'vm-test' after 2 machine(s)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.Machines.All.Count);
        Assert.All(_sandbox.Machines.All, machine => Assert.Equal(FakeMachineState.Terminated, machine.State));
    }

    [Fact]
    public async Task A_machine_that_never_gets_an_address_is_terminated_and_the_reason_given()
    {
        _sandbox.Machines.WithholdAddresses = true;

        var failure = await Assert.ThrowsAsync<CloudException>(() => _sandbox.CreateNodeAsync("node-1"));

        Assert.Contains("got no address within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.Machines.All.Count);
        Assert.All(_sandbox.Machines.All, machine => Assert.Equal(FakeMachineState.Terminated, machine.State));
    }

    [Fact]
    public async Task The_sanity_check_terminates_a_tagged_machine_no_record_owns_and_keeps_the_owned_one()
    {
        await _sandbox.CreateNodeAsync("node-1");
        _sandbox.Machines.SkipBoot = true;
        var stray = _sandbox.Machines.Launch("i-0stray", "t3.micro", "", new Dictionary<string, string>
        {
            [Ec2Tags.Installation] = _sandbox.InstallationId,
            [Ec2Tags.Node] = "node-99",
        });
        var foreign = _sandbox.Machines.Launch("i-0other", "t3.micro", "", new Dictionary<string, string>
        {
            [Ec2Tags.Installation] = "another-installation",
            [Ec2Tags.Node] = "node-98",
        });
        var check = new CloudSanityCheck(_sandbox.Registry, Microsoft.Extensions.Logging.Abstractions.NullLogger<CloudSanityCheck>.Instance);

        var terminated = await check.TerminateUnownedAsync(new HashSet<string> { "node-1" });

        Assert.Equal(["vm-test/node-99"], terminated);
        Assert.Equal(FakeMachineState.Terminated, stray.State);
        Assert.Equal(FakeMachineState.Running, foreign.State);
        Assert.Equal(["node-1"], (await _sandbox.Cloud.ListNodesAsync()).Select(n => n.NodeId));
    }

    [Fact]
    public async Task A_node_from_an_image_built_by_the_published_recipe_downloads_nothing()
    {
        var image = Path.Combine(_sandbox.DataDirectory, "image");
        var build = await RunRecipeAsync(image, $"{_sandbox.Ec2.Url}/agent/conpaas-agent.tar.gz");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Equal(1, _sandbox.Ec2.AgentDownloads);
        _sandbox.Machines.Image = image;

        var node = await _sandbox.CreateNodeAsync("node-1");

        Assert.Equal("node-1", (await _sandbox.Agents.GetStatusAsync(node.Agent)).NodeId);
        Assert.Equal(1, _sandbox.Ec2.AgentDownloads);
    }

    [Fact]
    public async Task A_plain_image_fetches_the_agent_and_refuses_a_download_whose_checksum_differs()
    {
        var node = await _sandbox.CreateNodeAsync("node-1");
        Assert.Equal(1, _sandbox.Ec2.AgentDownloads);
        var userData = _sandbox.Machines.All.Single().UserData;
        var root = Path.Combine(_sandbox.DataDirectory, "tampered");
        Directory.CreateDirectory(root);
        var tampered = System.Text.RegularExpressions.Regex.Replace(userData, "AGENT_SHA256='[0-9a-f]{64}'", $"AGENT_SHA256='{new string('0', 64)}'");
        await File.WriteAllTextAsync(Path.Combine(root, "user-data.sh"), tampered);

        var run = await RunAsync("bash", [Path.Combine(root, "user-data.sh")], new() { ["CONPAAS_ROOT"] = root, ["CONPAAS_ADDRESS"] = "127.0.0.1", ["CONPAAS_DOTNET"] = "/bin/false" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "agent", "ConPaaS.Agent.dll")));
        Assert.False(Directory.Exists(Path.Combine(root, "node", "certs")));
        Assert.Equal("node-1", (await _sandbox.Agents.GetStatusAsync(node.Agent)).NodeId);
    }

    private static Task<(int ExitCode, string Output)> RunRecipeAsync(string root, string agentUrl)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "node-image", "build-node-image.sh");
        return RunAsync("bash", [script, "--skip-packages", agentUrl], new() { ["CONPAAS_ROOT"] = root });
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await error);
    }
}

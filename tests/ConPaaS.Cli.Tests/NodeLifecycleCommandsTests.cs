using System.Text.RegularExpressions;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>
/// start, stop, add_nodes, remove_nodes, list_nodes, logs, startup_script and usage on the self-test type
/// (agents only) against a portal that runs real nodes on the local cloud.
/// </summary>
public sealed class NodeLifecycleCommandsTests(SelfTestPortalFixture portal) : IClassFixture<SelfTestPortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();
    private ApplicationDto _application = null!;

    public async Task InitializeAsync()
    {
        await _cps.LoginAsync(portal.Url);
        _application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("nodes"));
    }

    [Fact]
    public async Task Start_add_list_remove_and_stop_a_service_waiting_for_each_change()
    {
        var service = await CreateAsync("lifecycle");

        var early = await _cps.FailsAsync(2, "add_nodes", service.Name, "test", "1");
        Assert.Contains($"Service '{service.Name}' is Init; you can add nodes to a running service only.", early.Error);

        var started = await _cps.RunAsync("start", service.Name, "--wait");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Equal($"Service {service.Id} '{service.Name}' is Running.", started.Output.Trim());
        Assert.Contains($"Starting service {service.Id} '{service.Name}'...", started.Error);
        Assert.Matches(new Regex(@"^Prologue: .+ \(\d+/\d+\)$", RegexOptions.Multiline), started.Error);
        var first = Assert.Single(await _cps.JsonAsync<List<NodeDto>>("list_nodes", $"{service.Id}"));
        Assert.Equal(["test"], first.Roles);

        var added = await _cps.JsonAsync<ServiceDto>("add_nodes", $"{service.Id}", "test", "2", "--cloud", "local", "--wait");
        Assert.Equal("Running", added.State);
        Assert.Null(added.ActiveOperation);
        var three = await _cps.JsonAsync<List<NodeDto>>("list_nodes", service.Name);
        Assert.Equal(3, three.Count);
        Assert.All(three, n => Assert.Equal("Running", n.State));

        var table = await _cps.OkAsync("list_nodes", service.Name);
        Assert.StartsWith("ID", table);
        foreach (var node in three)
            Assert.Contains(table.Split('\n'), line => line.StartsWith($"{node.Id} ") && line.Contains("test") && line.Contains(node.Address!));

        var unknownRole = await _cps.FailsAsync(2, "add_nodes", service.Name, "nosuch", "1");
        Assert.Contains("has no role 'nosuch'", unknownRole.Error);
        Assert.Contains("(field: role)", unknownRole.Error);

        await _cps.OkAsync("remove_nodes", service.Name, "test", "1", "--wait");
        var two = await _cps.JsonAsync<List<NodeDto>>("list_nodes", service.Name);
        Assert.Equal(three.Take(2).Select(n => n.Id), two.Select(n => n.Id)); // the youngest went first

        var removedOne = await _cps.OkAsync("remove_nodes", service.Name, "--node", $"{two[1].Id}", "--wait");
        Assert.Equal($"Service {service.Id} '{service.Name}' is Running.", removedOne.Trim());
        Assert.Equal([first.Id], (await _cps.JsonAsync<List<NodeDto>>("list_nodes", service.Name)).Select(n => n.Id));

        var history = await _cps.JsonAsync<List<OperationDto>>("logs", service.Name);
        Assert.Equal(["RemoveNodes", "RemoveNodes", "AddNodes", "Start"], history.Select(o => o.Kind));
        Assert.All(history, o => Assert.Equal("Succeeded", o.Status));
        var historyText = await _cps.OkAsync("logs", $"{service.Id}");
        Assert.Contains($"#{history[^1].Id} {history[^1].Description}: Succeeded", historyText);

        var stopped = await _cps.RunAsync("stop", $"{service.Id}", "--wait");
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Equal($"Service {service.Id} '{service.Name}' is Stopped.", stopped.Output.Trim());
        Assert.Contains($"Stopping service {service.Id} '{service.Name}'...", stopped.Error);
        Assert.Equal($"Service {service.Id} '{service.Name}' has no nodes.", (await _cps.OkAsync("list_nodes", service.Name)).Trim());

        var late = await _cps.FailsAsync(2, "add_nodes", service.Name, "test", "1");
        Assert.Contains($"Service '{service.Name}' is Stopped; you can add nodes to a running service only.", late.Error);
    }

    [Fact]
    public async Task The_startup_script_runs_on_new_nodes_and_logs_show_a_nodes_files_and_the_end_of_one()
    {
        var service = await CreateAsync("script");
        var script = Path.Combine(_cps.ConfigDirectory, "startup.sh");
        Directory.CreateDirectory(_cps.ConfigDirectory);
        await File.WriteAllTextAsync(script, "echo 'hello from the startup script'\n");

        var set = await _cps.OkAsync("startup_script", service.Name, script);
        Assert.StartsWith($"Service {service.Id} '{service.Name}' has a new startup script", set);
        Assert.Equal("echo 'hello from the startup script'\n", await _cps.OkAsync("startup_script", $"{service.Id}"));
        await _cps.OkAsync("start", service.Name, "--wait");
        var node = Assert.Single(await _cps.JsonAsync<List<NodeDto>>("list_nodes", service.Name));

        var files = await _cps.JsonAsync<List<LogFileDto>>("logs", service.Name, "--node", $"{node.Id}");
        var startupLog = Assert.Single(files, f => f.Name.StartsWith("startup", StringComparison.Ordinal));
        var table = await _cps.OkAsync("logs", service.Name, "--node", $"{node.Id}");
        Assert.StartsWith("FILE", table);
        Assert.Contains(table.Split('\n'), line => line.StartsWith(startupLog.Name + " "));

        var tail = await _cps.JsonAsync<LogContentDto>("logs", service.Name, "--node", $"{node.Id}", "--file", startupLog.Name, "--tail", "5");
        Assert.Equal(startupLog.Name, tail.Name);
        Assert.Contains("hello from the startup script", tail.Text);
        var text = await _cps.OkAsync("logs", service.Name, "--node", $"{node.Id}", "--file", startupLog.Name, "--tail", "5");
        Assert.Equal(tail.Text.TrimEnd('\n'), text.TrimEnd('\n'));

        await _cps.FailsAsync(1, "logs", service.Name, "--file", startupLog.Name);
        var missing = await _cps.FailsAsync(2, "logs", service.Name, "--node", $"{node.Id}", "--file", "no-such.log");
        Assert.StartsWith("cps: ", missing.Error);

        await _cps.OkAsync("stop", service.Name, "--wait");
        Assert.Equal("Stopped", (await _cps.JsonAsync<ServiceDto>("info", $"{service.Id}")).State);
    }

    [Fact]
    public async Task Usage_shows_the_verbs_of_the_services_type_and_remove_nodes_needs_a_role_or_a_node()
    {
        var test = await CreateAsync("usage");
        var php = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", PortalFixture.UniqueName("usage-php"));
        var mysql = await _cps.JsonAsync<ServiceDto>("create", "mysql", $"{_application.Id}", "--name", PortalFixture.UniqueName("usage-db"));

        var ofTest = await _cps.OkAsync("usage", test.Name);
        var ofPhp = await _cps.OkAsync("usage", $"{php.Id}");
        var ofMysql = await _cps.OkAsync("usage", mysql.Name);

        Assert.StartsWith($"Service {test.Id} '{test.Name}'", ofTest);
        Assert.Contains($"cps add_nodes {test.Id} ", ofTest);
        Assert.DoesNotContain("upload_code", ofTest);
        Assert.Contains("Roles: proxy, web, backend.", ofPhp);
        Assert.Contains($"cps add_nodes {php.Id} proxy|web|backend COUNT", ofPhp);
        Assert.Contains($"cps upload_code {php.Id} FILE", ofPhp);
        Assert.DoesNotContain("sqldump", ofPhp);
        Assert.Contains($"cps sqldump {mysql.Id}", ofMysql);
        Assert.Contains($"cps set_password {mysql.Id}", ofMysql);
        Assert.DoesNotContain("enable_code", ofMysql);

        var neither = await _cps.FailsAsync(1, "remove_nodes", test.Name);
        Assert.Contains("cps remove_nodes SERVICE ROLE COUNT", neither.Error);
        await _cps.FailsAsync(1, "remove_nodes", test.Name, "test", "1", "--node", "1");
    }

    private Task<ServiceDto> CreateAsync(string name) =>
        _cps.JsonAsync<ServiceDto>("create", "test", $"{_application.Id}", "--name", PortalFixture.UniqueName(name));

    public async Task DisposeAsync()
    {
        await _cps.StopEverythingAsync();
        _cps.Dispose();
    }
}

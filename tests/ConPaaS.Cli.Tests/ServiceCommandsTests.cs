using System.Text.Json;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>list, create, info, rename and terminate, by id and by name, and the portal's refusals.</summary>
public sealed class ServiceCommandsTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();
    private ApplicationDto _application = null!;

    public async Task InitializeAsync()
    {
        await _cps.LoginAsync(portal.Url);
        _application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("app"));
    }

    [Fact]
    public async Task Create_in_an_application_named_by_id_or_by_name()
    {
        var byId = await _cps.OkAsync("create", "php", $"{_application.Id}", "--name", "web");
        var byName = await _cps.JsonAsync<ServiceDto>("create", "mysql", _application.Name);

        Assert.Matches($@"^Created php service \d+ 'web' in application {_application.Id} '{_application.Name}'\.$", byId.Trim());
        Assert.Equal("mysql", byName.Type);
        Assert.Equal(_application.Id, byName.ApplicationId);
        Assert.False(string.IsNullOrWhiteSpace(byName.Name));
    }

    [Fact]
    public async Task List_shows_all_services_or_one_applications_as_a_table_and_as_json()
    {
        var other = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("other"));
        var mine = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", "listed");
        var theirs = await _cps.JsonAsync<ServiceDto>("create", "php", $"{other.Id}", "--name", "elsewhere");

        var all = await _cps.JsonAsync<List<ServiceDto>>("list");
        var ofOne = await _cps.JsonAsync<List<ServiceDto>>("list", _application.Name);
        var table = await _cps.OkAsync("list", $"{_application.Id}");

        Assert.Contains(all, s => s.Id == mine.Id);
        Assert.Contains(all, s => s.Id == theirs.Id);
        Assert.All(ofOne, s => Assert.Equal(_application.Id, s.ApplicationId));
        Assert.Contains(ofOne, s => s.Id == mine.Id);
        Assert.StartsWith("ID", table);
        var row = Assert.Single(table.Split('\n'), line => line.StartsWith($"{mine.Id} "));
        Assert.Contains("listed", row);
        Assert.Contains(mine.State, row);
        Assert.Contains(_application.Name, row);
        Assert.DoesNotContain("elsewhere", table);
    }

    [Fact]
    public async Task Info_shows_a_service_by_id_or_by_name_as_text_and_as_json()
    {
        var name = PortalFixture.UniqueName("info");
        var created = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", name);

        var text = await _cps.OkAsync("info", $"{created.Id}");
        var json = await _cps.JsonAsync<ServiceDto>("info", name);

        Assert.Contains($"name:         {name}", text);
        Assert.Contains("type:         php", text);
        Assert.Contains($"state:        {created.State}", text);
        Assert.Equal(created.Id, json.Id);
        Assert.Equal(name, json.Name);
    }

    [Fact]
    public async Task Rename_renames_by_id_and_by_name()
    {
        var name = PortalFixture.UniqueName("svc");
        var created = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", name);

        var byId = await _cps.OkAsync("rename", $"{created.Id}", name + "-2");
        var byName = await _cps.JsonAsync<ServiceDto>("rename", name + "-2", name + "-3");

        Assert.Equal($"Renamed service {created.Id} '{name}' to '{name}-2'.", byId.Trim());
        Assert.Equal(name + "-3", byName.Name);
        Assert.Equal(name + "-3", (await _cps.JsonAsync<ServiceDto>("info", $"{created.Id}")).Name);
    }

    [Fact]
    public async Task Terminate_deletes_by_id_and_by_name()
    {
        var first = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", PortalFixture.UniqueName("t"));
        var second = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", PortalFixture.UniqueName("t"));

        Assert.Equal($"Deleted service {first.Id} '{first.Name}'.", (await _cps.OkAsync("terminate", $"{first.Id}")).Trim());
        Assert.Equal($"Deleted service {second.Id} '{second.Name}'.", (await _cps.OkAsync("terminate", second.Name)).Trim());

        var left = await _cps.JsonAsync<List<ServiceDto>>("list", $"{_application.Id}");
        Assert.DoesNotContain(left, s => s.Id == first.Id || s.Id == second.Id);
    }

    [Fact]
    public async Task A_name_shared_by_two_services_is_refused_with_exit_2_listing_their_ids()
    {
        var name = PortalFixture.UniqueName("twin");
        var other = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("other"));
        var one = await _cps.JsonAsync<ServiceDto>("create", "php", $"{_application.Id}", "--name", name);
        var two = await _cps.JsonAsync<ServiceDto>("create", "php", $"{other.Id}", "--name", name);

        var result = await _cps.RunAsync("info", name);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"2 services are named '{name}'", result.Error);
        Assert.Contains($"{one.Id} in application {_application.Id}", result.Error);
        Assert.Contains($"{two.Id} in application {other.Id}", result.Error);
        Assert.Equal(one.Id, (await _cps.JsonAsync<ServiceDto>("info", $"{one.Id}")).Id);
    }

    [Fact]
    public async Task An_unknown_type_is_refused_with_exit_2_and_the_portals_detail()
    {
        var result = await _cps.RunAsync("create", "cobol", $"{_application.Id}");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("cps: Unknown service type 'cobol'. Available types: ", result.Error);
        Assert.EndsWith("(field: type)", result.Error.Trim());
    }

    [Fact]
    public async Task Create_without_an_application_when_there_are_several_is_a_usage_error()
    {
        await _cps.OkAsync("createapp", PortalFixture.UniqueName("second"));

        var result = await _cps.RunAsync("create", "php");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("name one: cps create TYPE APP", result.Error);
    }

    [Fact]
    public async Task Json_output_is_the_apis_shape()
    {
        await _cps.OkAsync("create", "php", $"{_application.Id}", "--name", PortalFixture.UniqueName("shape"));

        using var json = JsonDocument.Parse(await _cps.OkAsync("list", "--json"));

        var first = json.RootElement.EnumerateArray().First();
        foreach (var property in new[] { "id", "applicationId", "type", "name", "state", "createdAt", "stateChangedAt" })
            Assert.True(first.TryGetProperty(property, out _), $"no '{property}' in {first}");
    }

    public Task DisposeAsync()
    {
        _cps.Dispose();
        return Task.CompletedTask;
    }
}

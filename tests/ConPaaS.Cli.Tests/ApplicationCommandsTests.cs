using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>listapp, createapp, renameapp and deleteapp, by id and by name, and the portal's refusals.</summary>
public sealed class ApplicationCommandsTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    [Fact]
    public async Task Createapp_creates_and_listapp_shows_it_as_a_table_and_as_json()
    {
        var name = PortalFixture.UniqueName("shop");

        var output = await _cps.OkAsync("createapp", name);
        var table = await _cps.OkAsync("listapp");
        var applications = await _cps.JsonAsync<List<ApplicationDto>>("listapp");

        var created = Assert.Single(applications, a => a.Name == name);
        Assert.Equal($"Created application {created.Id} '{name}'.", output.Trim());
        Assert.StartsWith("ID", table);
        Assert.Contains(table.Split('\n'), line => line.StartsWith($"{created.Id} ") && line.Contains(name) && line.Contains("admin"));
        Assert.Empty(created.Services);
    }

    [Fact]
    public async Task Createapp_with_json_prints_the_new_application()
    {
        var name = PortalFixture.UniqueName("json");

        var created = await _cps.JsonAsync<ApplicationDto>("createapp", name);

        Assert.Equal(name, created.Name);
        Assert.True(created.Id > 0);
    }

    [Fact]
    public async Task Renameapp_renames_by_id_and_by_name()
    {
        var name = PortalFixture.UniqueName("before");
        var created = await _cps.JsonAsync<ApplicationDto>("createapp", name);

        var byId = await _cps.OkAsync("renameapp", $"{created.Id}", name + "-by-id");
        var byName = await _cps.OkAsync("renameapp", name + "-by-id", name + "-by-name");

        Assert.Equal($"Renamed application {created.Id} '{name}' to '{name}-by-id'.", byId.Trim());
        Assert.Equal($"Renamed application {created.Id} '{name}-by-id' to '{name}-by-name'.", byName.Trim());
        var applications = await _cps.JsonAsync<List<ApplicationDto>>("listapp");
        Assert.Equal(name + "-by-name", Assert.Single(applications, a => a.Id == created.Id).Name);
    }

    [Fact]
    public async Task Deleteapp_deletes_by_id_and_by_name()
    {
        var first = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("gone"));
        var second = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("gone"));

        Assert.Equal($"Deleted application {first.Id} '{first.Name}'.", (await _cps.OkAsync("deleteapp", $"{first.Id}")).Trim());
        Assert.Equal($"Deleted application {second.Id} '{second.Name}'.", (await _cps.OkAsync("deleteapp", second.Name)).Trim());

        var applications = await _cps.JsonAsync<List<ApplicationDto>>("listapp");
        Assert.DoesNotContain(applications, a => a.Id == first.Id || a.Id == second.Id);
    }

    [Fact]
    public async Task A_taken_name_is_refused_with_exit_2_and_the_portals_detail_in_one_line()
    {
        var name = PortalFixture.UniqueName("twice");
        await _cps.OkAsync("createapp", name);

        var result = await _cps.RunAsync("createapp", name);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"cps: You already have an application named '{name}'.", result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_exit_2_naming_the_field()
    {
        var created = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("blank"));

        var result = await _cps.RunAsync("renameapp", $"{created.Id}", "   ");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("cps: The name must not be empty. (field: name)", result.Error.Trim());
    }

    [Fact]
    public async Task An_unknown_application_is_refused_with_exit_2()
    {
        var result = await _cps.RunAsync("deleteapp", "no-such-application");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no application has the id or name 'no-such-application'", result.Error);
    }

    public Task DisposeAsync()
    {
        _cps.Dispose();
        return Task.CompletedTask;
    }
}

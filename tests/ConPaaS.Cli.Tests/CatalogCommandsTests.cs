using System.Text.Json;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>The read-only verbs (version, available, clouds) and what wrong arguments do.</summary>
public sealed class CatalogCommandsTests(PortalFixture portal) : IClassFixture<PortalFixture>, IDisposable
{
    private readonly Cps _cps = new();

    [Fact]
    public async Task Version_prints_the_version_as_text_and_as_json()
    {
        var text = await _cps.OkAsync("version");
        using var json = JsonDocument.Parse(await _cps.OkAsync("version", "--json"));

        var version = json.RootElement.GetProperty("version").GetString();
        Assert.False(string.IsNullOrEmpty(version));
        Assert.Equal($"cps {version}", text.Trim());
    }

    [Fact]
    public async Task Available_lists_the_service_types_with_their_roles()
    {
        await _cps.LoginAsync(portal.Url);

        var table = await _cps.OkAsync("available");
        var types = await _cps.JsonAsync<List<ServiceTypeDto>>("available");

        Assert.StartsWith("TYPE", table);
        var php = Assert.Single(types, t => t.Type == "php");
        Assert.Contains("backend", php.Roles);
        Assert.Contains(types, t => t.Type == "mysql");
        Assert.All(types, t => Assert.Contains(t.Type, table));
    }

    [Fact]
    public async Task Clouds_lists_the_clouds_with_their_instance_types()
    {
        await _cps.LoginAsync(portal.Url);

        var table = await _cps.OkAsync("clouds");
        var clouds = await _cps.JsonAsync<List<CloudDto>>("clouds");

        var local = Assert.Single(clouds);
        Assert.Equal(("local", "local", true), (local.Name, local.Driver, local.IsDefault));
        Assert.Equal([("small", 0.05m), ("large", 0.2m)], local.InstanceTypes.Select(i => (i.Name, i.PricePerHour)));
        Assert.Equal(["NAME   DRIVER  DEFAULT  INSTANCE TYPES", "local  local   yes      small 0.05/h, large 0.20/h"],
            table.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("renameapp", "only-one-argument")]
    [InlineData("listapp", "--no-such-option")]
    [InlineData("info")]
    public async Task Wrong_arguments_print_usage_and_exit_1(params string[] arguments)
    {
        var result = await _cps.RunAsync(arguments);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var help = await _cps.OkAsync("--help");

        foreach (var verb in new[] { "credentials", "version", "listapp", "createapp", "renameapp", "deleteapp",
                     "available", "clouds", "list", "create", "info", "rename", "terminate" })
            Assert.Contains($"  {verb}", help);
    }

    public void Dispose() => _cps.Dispose();
}

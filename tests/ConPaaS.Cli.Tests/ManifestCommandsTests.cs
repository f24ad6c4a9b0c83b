using System.IO.Compression;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>deploy, download_manifest and manifest against a portal with the repository's templates and real php nodes.</summary>
public sealed class ManifestCommandsTests(ManifestPortalFixture portal) : IClassFixture<ManifestPortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    [Fact]
    public async Task A_template_deploys_exports_and_deploys_again_from_its_bundle()
    {
        var deployed = await _cps.RunAsync("deploy", "hello", "--var", "name=Hello from cps", "--wait");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        Assert.StartsWith("Deployed application ", deployed.Output);
        Assert.Contains("'Hello from cps'", deployed.Output);
        Assert.Contains("Running: web: ", deployed.Error); // progress of the service on standard error

        var web = await _cps.JsonAsync<ServiceDto>("info", "web");
        Assert.Contains("Hello from ConPaaS", await new HttpClient().GetStringAsync(web.Url));

        var bundle = Path.Combine(_cps.ConfigDirectory, "hello.zip");
        var saved = await _cps.OkAsync("download_manifest", "Hello from cps", "-o", bundle);
        Assert.StartsWith($"Saved application {web.ApplicationId} 'Hello from cps' as a manifest bundle to {bundle}", saved);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            Assert.NotNull(zip.GetEntry("manifest.json"));
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("code/", StringComparison.Ordinal));
        }

        var again = await _cps.JsonAsync<DeploymentDto>("manifest", bundle, "--wait", "--json");
        Assert.Equal(("Succeeded", "Hello from cps (2)"), (again.Status, again.ApplicationName));
        var copy = await _cps.JsonAsync<List<ApplicationDto>>("listapp", "--json");
        var copied = copy.Single(a => a.Id == again.ApplicationId).Services.Single();
        Assert.Equal(("php", "web", "Running"), (copied.Type, copied.Name, copied.State));
        Assert.Contains("Hello from ConPaaS", await new HttpClient().GetStringAsync((await _cps.JsonAsync<ServiceDto>("info", $"{copied.Id}")).Url));
    }

    [Fact]
    public async Task Bad_templates_manifests_and_variables_are_refused_in_one_line()
    {
        var unknown = await _cps.FailsAsync(2, "deploy", "wordpress");
        Assert.Contains("no template 'wordpress'; its templates: adminer, guestbook, hello, taskfarm-sweep", unknown.Error);

        var badValue = await _cps.FailsAsync(2, "deploy", "hello", "--var", "name=a/b");
        Assert.Contains("Variables.name: \"a/b\" does not match", badValue.Error);

        await _cps.FailsAsync(1, "deploy", "hello", "--var", "novalue");

        var broken = Path.Combine(_cps.ConfigDirectory, "broken.json");
        await File.WriteAllTextAsync(broken, "{\n  \"Application\": \"x\",\n  \"Services\": [ { \"Type\": \"php\", } ,\n");
        var invalid = await _cps.FailsAsync(2, "manifest", broken);
        Assert.StartsWith("cps: ", invalid.Error);
        Assert.Contains("manifest: invalid JSON at line 4", invalid.Error);
        Assert.Single(invalid.Error.Trim().Split('\n'));

        var negative = Path.Combine(_cps.ConfigDirectory, "negative.json");
        await File.WriteAllTextAsync(negative, """{"Application":"x","Services":[{"Type":"php","StartupInstances":{"backend":"-2"}}]}""");
        Assert.Contains("Services[0].StartupInstances.backend: \"-2\" is not a count", (await _cps.FailsAsync(2, "manifest", negative)).Error);

        await _cps.FailsAsync(1, "manifest");
    }

    public async Task DisposeAsync()
    {
        await _cps.StopEverythingAsync();
        _cps.Dispose();
    }
}

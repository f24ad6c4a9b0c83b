using System.IO.Compression;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>upload_code, list_code, enable_code, download_code and delete_code on a php service with real nginx and php-fpm.</summary>
public sealed class CodeCommandsTests(PhpPortalFixture portal) : IClassFixture<PhpPortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    [Fact]
    public async Task Upload_enable_serve_download_and_delete_code_versions()
    {
        var application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("code"));
        var service = await _cps.JsonAsync<ServiceDto>("create", "php", $"{application.Id}", "--name", PortalFixture.UniqueName("site"));
        var first = ZipOf("first.zip", "<?php echo 'first version from cps';");
        var second = ZipOf("second.zip", "<?php echo 'second version from cps, PHP ', PHP_MAJOR_VERSION;");

        // A stopped service records its choice and serves it when it starts.
        var v1 = await _cps.JsonAsync<CodeVersionDto>("upload_code", service.Name, first, "--description", "the first one");
        Assert.Equal("upload", v1.Source);
        Assert.False(v1.Active);
        var chosen = await _cps.OkAsync("enable_code", service.Name, v1.Id);
        Assert.Equal($"Service {service.Id} '{service.Name}' will serve code version {v1.Id} when it starts.", chosen.Trim());
        await _cps.OkAsync("start", service.Name, "--wait");
        var running = await _cps.JsonAsync<ServiceDto>("info", $"{service.Id}");
        Assert.Equal("first version from cps", await FetchAsync(running.Url));
        Assert.Contains($"url:          {running.Url}", await _cps.OkAsync("info", $"{service.Id}"));

        // A running one switches while --wait follows it.
        var uploaded = await _cps.OkAsync("upload_code", $"{service.Id}", second);
        var v2 = (await _cps.JsonAsync<List<CodeVersionDto>>("list_code", service.Name)).First(v => v.Id != v1.Id && v.Source == "upload");
        Assert.Contains($"as code version {v2.Id}", uploaded);
        var switched = await _cps.RunAsync("enable_code", service.Name, v2.Id, "--wait");
        Assert.True(switched.ExitCode == 0, switched.ToString());
        Assert.Equal($"Service {service.Id} '{service.Name}' is Running.", switched.Output.Trim());
        Assert.Contains($"Switching service {service.Id} '{service.Name}' to code version {v2.Id}...", switched.Error);
        Assert.StartsWith("second version from cps, PHP ", await FetchAsync(running.Url));

        var versions = await _cps.JsonAsync<List<CodeVersionDto>>("list_code", service.Name);
        Assert.Equal(v2.Id, Assert.Single(versions, v => v.Active).Id);
        var table = await _cps.OkAsync("list_code", $"{service.Id}");
        Assert.Contains(table.Split('\n'), line => line.StartsWith("*") && line.Contains(v2.Id));
        Assert.Contains(table.Split('\n'), line => line.Contains(v1.Id) && line.Contains("the first one") && !line.StartsWith("*"));

        var saved = Path.Combine(_cps.ConfigDirectory, "downloaded.zip");
        var download = await _cps.OkAsync("download_code", service.Name, v2.Id, "-o", saved);
        Assert.StartsWith($"Saved code version {v2.Id} of service {service.Id} '{service.Name}' to {saved}", download);
        using (var zip = ZipFile.OpenRead(saved))
        {
            using var reader = new StreamReader(zip.GetEntry("index.php")!.Open());
            Assert.Equal("<?php echo 'second version from cps, PHP ', PHP_MAJOR_VERSION;", await reader.ReadToEndAsync());
        }

        var missing = await _cps.FailsAsync(2, "enable_code", service.Name, "0000000");
        Assert.StartsWith("cps: ", missing.Error);
        Assert.Contains("0000000", missing.Error);
        await _cps.FailsAsync(2, "delete_code", service.Name, v2.Id); // the active one stays

        Assert.Equal($"Deleted code version {v1.Id} of service {service.Id} '{service.Name}'.", (await _cps.OkAsync("delete_code", service.Name, v1.Id)).Trim());
        Assert.DoesNotContain(await _cps.JsonAsync<List<CodeVersionDto>>("list_code", service.Name), v => v.Id == v1.Id);

        await _cps.OkAsync("stop", service.Name, "--wait");
    }

    private string ZipOf(string name, string indexPhp)
    {
        Directory.CreateDirectory(_cps.ConfigDirectory);
        var path = Path.Combine(_cps.ConfigDirectory, name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(archive.CreateEntry("index.php").Open());
        writer.Write(indexPhp);
        return path;
    }

    private static async Task<string> FetchAsync(string? url)
    {
        Assert.False(string.IsNullOrEmpty(url), "the running service has no url");
        using var http = new HttpClient();
        return (await http.GetStringAsync(url)).Trim();
    }

    public async Task DisposeAsync()
    {
        await _cps.StopEverythingAsync();
        _cps.Dispose();
    }
}

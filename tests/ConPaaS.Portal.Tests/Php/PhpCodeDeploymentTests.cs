using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Lifecycle;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Php;

/// <summary>Uploading code and switching versions through the portal, with real nginx and php-fpm serving it.</summary>
public sealed class PhpCodeDeploymentTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task An_uploaded_zip_is_served_and_switching_versions_under_load_fails_no_request()
    {
        var user = await ApiUser.SignUpAsync(portal, "php-deploy");
        var app = await user.CreateApplicationAsync("site");
        var service = await user.CreateServiceAsync(app.Id, "php", "web");
        var v1 = await UploadAsync(user, service.Id, "<?php echo 'hello from v1 on ', PHP_VERSION;", "first");
        var v2 = await UploadAsync(user, service.Id, "<?php echo 'hello from v2';", "second");

        // Activating while stopped only chooses what the start serves.
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PostAsync($"/api/v1/services/{service.Id}/code/{v1.Id}/activate", null)).StatusCode);
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var running = await user.WaitForStateAsync(service.Id, "Running");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("backend", 1, null));
        running = await user.WaitForStateAsync(service.Id, "Running");
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.StartsWith("hello from v1 on ", await browser.GetStringAsync(running.Url));

        using (var load = RequestLoop.Start(running.Url!))
        {
            var accepted = await user.Http.PostAsync($"/api/v1/services/{service.Id}/code/{v2.Id}/activate", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var switched = await user.WaitForStateAsync(service.Id, "Running");
            Assert.Equal(v2.Id, switched.ActiveCodeVersion);
            var seen = await load.StopAsync();
            Assert.True(seen.Ok > 10, $"only {seen.Ok} requests ran");
            Assert.True(seen.Failed == 0, $"requests failed: {seen}");
        }
        Assert.Equal("hello from v2", await browser.GetStringAsync(running.Url));

        var versions = await user.Http.GetFromJsonAsync<List<CodeVersionDto>>($"/api/v1/services/{service.Id}/code");
        Assert.Equal(v2.Id, versions!.Single(v => v.Active).Id);
        var deleteActive = await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/code/{v2.Id}");
        await deleteActive.AssertProblemAsync(HttpStatusCode.Conflict);

        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    [Fact]
    public async Task Activating_a_version_that_does_not_exist_is_refused_and_changes_nothing()
    {
        var user = await ApiUser.SignUpAsync(portal, "php-missing");
        var app = await user.CreateApplicationAsync("site");
        var service = await user.CreateServiceAsync(app.Id, "php");
        await (await user.Http.PostAsync($"/api/v1/services/{service.Id}/code/abc1234/activate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("code-default", (await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.ActiveCodeVersion);
    }

    private static async Task<CodeVersionDto> UploadAsync(ApiUser user, int serviceId, string indexPhp, string description)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("index.php").Open();
            await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(indexPhp));
        }
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip.ToArray()), "archive", "site.zip" },
            { new StringContent(description), "description" },
        };
        var response = await user.Http.PostAsync($"/api/v1/services/{serviceId}/code", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CodeVersionDto>())!;
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Manifests;

/// <summary>Templates deployed on the local cloud (real nginx, php-fpm, MariaDB), exported and deployed again.</summary>
public sealed class ManifestDeploymentTests(ManifestPortalFixture portal) : IClassFixture<ManifestPortalFixture>
{
    private static readonly HttpClient Web = new(new HttpClientHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_guestbook_stores_and_shows_an_entry_and_its_export_deploys_into_the_same_application()
    {
        var user = await ApiUser.SignUpAsync(portal, "guest-owner");
        var deployment = await user.DeployTemplateAsync("guestbook", new() { ["name"] = "My guestbook" });
        var done = await user.WaitForDeploymentAsync(deployment.Id);
        Assert.All(done.Services, s => Assert.Equal("Done", s.Stage));

        var application = (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{done.ApplicationId}"))!;
        Assert.Equal("My guestbook", application.Name);
        var url = await WebUrlAsync(user, application);
        Assert.Contains("Welcome! This entry came with the template.", await Web.GetStringAsync(url));
        var signed = await Web.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ada", ["message"] = "Stored in MariaDB" }));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Contains("Stored in MariaDB", await signed.Content.ReadAsStringAsync());

        var export = await user.Http.GetAsync($"/api/v1/applications/{application.Id}/manifest");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bundle = await export.Content.ReadAsByteArrayAsync();
        using (var zip = new ZipArchive(new MemoryStream(bundle)))
        {
            var manifest = new StreamReader(zip.GetEntry("manifest.json")!.Open()).ReadToEnd();
            Assert.Contains("\"Password\": \"${secret:mysql", manifest); // no password leaves; a fresh secret is generated
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("dumps/", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("code/", StringComparison.Ordinal));
        }

        var again = await user.PostManifestAsync(bundle);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var copy = await user.WaitForDeploymentAsync((await again.Content.ReadFromJsonAsync<DeploymentDto>())!.Id);
        var copied = (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{copy.ApplicationId}"))!;
        Assert.Equal("My guestbook (2)", copied.Name);
        Assert.Equal(Describe(application), Describe(copied));
        var page = await Web.GetStringAsync(await WebUrlAsync(user, copied));
        Assert.Contains("Stored in MariaDB", page);
        Assert.Contains("Welcome! This entry came with the template.", page);

        await user.StopApplicationAsync(application.Id);
        await user.StopApplicationAsync(copied.Id);
    }

    [Fact]
    public async Task The_hello_adminer_and_taskfarm_templates_deploy_and_answer()
    {
        var user = await ApiUser.SignUpAsync(portal, "template-owner");
        var gallery = (await user.Http.GetFromJsonAsync<List<TemplateDto>>("/api/v1/templates"))!;
        Assert.Equal(["adminer", "guestbook", "hello", "taskfarm-sweep"], gallery.Select(t => t.Name).Order().ToArray());

        var hello = await user.DeployTemplateAsync("hello");
        var adminer = await user.DeployTemplateAsync("adminer");
        var sweep = await user.DeployTemplateAsync("taskfarm-sweep");

        var helloApp = await ApplicationOfAsync(user, await user.WaitForDeploymentAsync(hello.Id));
        Assert.Contains("Hello from ConPaaS", await Web.GetStringAsync(await WebUrlAsync(user, helloApp)));

        var adminerApp = await ApplicationOfAsync(user, await user.WaitForDeploymentAsync(adminer.Id));
        var front = await Web.GetStringAsync(await WebUrlAsync(user, adminerApp));
        Assert.Contains("Adminer", front);
        Assert.Contains("name=\"auth[username]\"", front);

        var sweepApp = await ApplicationOfAsync(user, await user.WaitForDeploymentAsync(sweep.Id));
        var farm = sweepApp.Services.Single();
        var progress = (await user.Http.GetFromJsonAsync<TaskFarmProgressDto>($"/api/v1/services/{farm.Id}/progress"))!;
        Assert.Equal(729, progress.TaskCount);
        Assert.Contains(progress.Phase, new[] { "Sampling", "Ready" });

        foreach (var application in new[] { helloApp, adminerApp, sweepApp })
            await user.StopApplicationAsync(application.Id);
    }

    [Fact]
    public async Task A_failing_step_stops_the_deployment_naming_service_and_step_and_rolls_back_when_asked()
    {
        var user = await ApiUser.SignUpAsync(portal, "unlucky");
        const string manifest = """
            {"Application": "Broken ${what}", "Variables": [{"Id": "what", "Default": "start"}],
             "Services": [{"ServiceName": "web", "Type": "php", "StartupScript": "#!/bin/sh\necho '${what} fails' >&2\nexit 3"}]}
            """;

        var kept = await user.PostManifestAsync(Encoding.UTF8.GetBytes(manifest));
        var failed = await WaitForEndAsync(user, (await kept.Content.ReadFromJsonAsync<DeploymentDto>())!.Id);
        Assert.Equal("Failed", failed.Status);
        Assert.StartsWith("Services[0] (php 'web'), step 'Starting' failed: ", failed.Error);
        Assert.Contains("startup script exited with code 3", failed.Error);
        // Left to inspect: the application, and the service in Error with its reason.
        var application = (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{failed.ApplicationId}"))!;
        Assert.Equal(("Broken start", "Error"), (application.Name, application.Services.Single().State));
        var script = await user.Http.GetStringAsync($"/api/v1/services/{application.Services.Single().Id}/startup-script");
        Assert.Contains("echo 'start fails'", script); // the variable was filled into the script

        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(manifest)), "manifest", "manifest.json" },
            { new StringContent("""{"what":"again"}"""), "variables" },
            { new StringContent("true"), "rollbackOnFailure" },
        };
        var rolled = await WaitForEndAsync(user, (await (await user.Http.PostAsync("/api/v1/manifests", form)).Content.ReadFromJsonAsync<DeploymentDto>())!.Id);
        Assert.Equal("RolledBack", rolled.Status);
        Assert.StartsWith("Services[0] (php 'web'), step 'Starting' failed: ", rolled.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync($"/api/v1/applications/{rolled.ApplicationId}")).StatusCode);

        await user.StopApplicationAsync(application.Id);
    }

    private static Task<DeploymentDto> WaitForEndAsync(ApiUser user, int deploymentId) =>
        ServiceWaits.EventuallyAsync(
            async () => (await user.Http.GetFromJsonAsync<DeploymentDto>($"/api/v1/deployments/{deploymentId}"))!,
            d => d.Status is not ("Pending" or "Running"), 180, $"deployment {deploymentId} ends");

    private static async Task<ApplicationDto> ApplicationOfAsync(ApiUser user, DeploymentDto deployment) =>
        (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{deployment.ApplicationId}"))!;

    private static async Task<string> WebUrlAsync(ApiUser user, ApplicationDto application)
    {
        var php = application.Services.Single(s => s.Type == "php");
        var service = (await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{php.Id}"))!;
        return service.Url ?? throw new InvalidOperationException($"Service {php.Id} has no address ({service.State}).");
    }

    private static string Describe(ApplicationDto application) =>
        string.Join("; ", application.Services.OrderBy(s => s.Name).Select(s => $"{s.Type} {s.Name} {s.State}"));
}

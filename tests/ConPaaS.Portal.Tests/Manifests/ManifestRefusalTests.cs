using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Manifests;

/// <summary>Bad manifests are refused with the field named, before anything is created.</summary>
public sealed class ManifestRefusalTests(ManifestPortalFixture portal) : IClassFixture<ManifestPortalFixture>
{
    [Fact]
    public async Task Every_bad_input_names_its_field_and_creates_nothing()
    {
        var user = await ApiUser.SignUpAsync(portal, "careless");
        var closed = $"http://127.0.0.1:{portal.ClosedPort}/app.zip";
        var toLoopback = $"{portal.FileServer}/redirect?to={Uri.EscapeDataString("http://127.0.0.1:1/secret")}";
        var toFile = $"{portal.FileServer}/redirect?to={Uri.EscapeDataString("file:///etc/passwd")}";
        var cases = new (string Manifest, string Field, string Detail)[]
        {
            ("{\n  \"Application\": \"a\",\n  \"Services\": [ {\"Type\": \"php\"} \n}", "manifest", "line 4, column 1"),
            ("""{"Application":"a","Services":[{"ServiceName":"web"}]}""", "Services[0].Type", "every service needs a Type"),
            ("""{"Application":"a","Services":[{"Type":"cobol"}]}""", "Services[0].Type", "known types: php, java, mysql"),
            ("""{"Application":"a","Services":[{"Type":"java"}]}""", "Services[0].Type", "not offered by this installation yet"),
            ("""{"Application":"a","Services":[{"Type":"php","StartupInstances":{"db":"1"}}]}""", "Services[0].StartupInstances.db", "its roles: proxy, web, backend"),
            ("""{"Application":"a","Services":[{"Type":"php","StartupInstances":{"backend":"-2"}}]}""", "Services[0].StartupInstances.backend", "\"-2\" is not a count"),
            ("""{"Application":"a","Services":[{"Type":"php","StartupInstances":{"backend":"many"}}]}""", "Services[0].StartupInstances.backend", "\"many\" is not a count"),
            ("""{"Application":"a","Variables":[{"Id":"n","Pattern":"[0-9]+"}],"Services":[{"Type":"php","ServiceName":"w${n}"}]}""", "Variables.n", "does not match the pattern"),
            ($$"""{"Application":"a","Services":[{"Type":"php","Archive":"{{closed}}"}]}""", "Services[0].Archive", "could not be fetched"),
            ($$"""{"Application":"a","Services":[{"Type":"php","Archive":"{{toLoopback}}"}]}""", "Services[0].Archive", "points to 127.0.0.1"),
            ($$"""{"Application":"a","Services":[{"Type":"php","Archive":"{{toFile}}"}]}""", "Services[0].Archive", "redirects to a file: address"),
            ("""{"Application":"a","Services":[{"Type":"php","Archive":"http://127.0.0.1:1/x.zip"}]}""", "Services[0].Archive", "points to 127.0.0.1"),
            ("""{"Application":"a","Services":[{"Type":"php","Archive":"../../etc/passwd"}]}""", "Services[0].Archive", "leaves the bundle"),
            ("""{"Application":"a","Services":[{"Type":"php","Archive":"code.zip"}]}""", "Services[0].Archive", "a plain manifest carries no files"),
            ("""{"Application":"a","Services":[{"Type":"mysql","Password":"password"}]}""", "Services[0].Password", "letters and digits"),
        };
        foreach (var (manifest, field, detail) in cases)
        {
            var response = await user.PostManifestAsync(Encoding.UTF8.GetBytes(manifest), manifest.Contains("${n}") ? """{"n":"abc"}""" : null);
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
            Assert.Equal(field, problem.Extensions["field"]?.ToString());
            Assert.StartsWith(field + ":", problem.Detail);
        }

        // A bundle with an entry that climbs out of it is refused whole.
        var traversal = new MemoryStream();
        using (var zip = new ZipArchive(traversal, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                await writer.WriteAsync("""{"Application":"a","Services":[{"Type":"php","Archive":"app.zip"}]}""");
            zip.CreateEntry("../../outside.php");
        }
        var refused = await user.PostManifestAsync(traversal.ToArray());
        var bundleProblem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "points outside the bundle");
        Assert.Equal("bundle", bundleProblem.Extensions["field"]?.ToString());

        // A bundle's files are checked before anything is made: a bag without a single task.
        var emptyBag = new MemoryStream();
        using (var zip = new ZipArchive(emptyBag, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                await writer.WriteAsync("""{"Application":"a","Services":[{"Type":"taskfarm","Bag":"tasks/empty.bag"}]}""");
            await using (var writer = new StreamWriter(zip.CreateEntry("tasks/empty.bag").Open()))
                await writer.WriteAsync("# only a comment\n");
        }
        var bagProblem = await (await user.PostManifestAsync(emptyBag.ToArray())).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Services[0].Bag", bagProblem.Extensions["field"]?.ToString());

        // A template's variable is checked the same way.
        var badName = await user.Http.PostAsJsonAsync("/api/v1/templates/hello/deploy", new DeployTemplateRequest(new Dictionary<string, string> { ["name"] = "bad/name" }));
        await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "Variables.name: \"bad/name\" does not match");

        Assert.Empty((await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!);
        Assert.Empty((await user.Http.GetFromJsonAsync<List<DeploymentDto>>("/api/v1/deployments"))!);
        Assert.Empty(Directory.Exists(Path.Combine(portal.DataDirectory, "deployments"))
            ? Directory.GetFileSystemEntries(Path.Combine(portal.DataDirectory, "deployments")) : []);

        // The same fetching works where it is allowed, through a redirect: the script arrives as served.
        var viaRedirect = $"{portal.FileServer}/redirect?to={Uri.EscapeDataString($"{portal.FileServer}/startup.sh")}";
        var fetched = await user.PostManifestAsync(Encoding.UTF8.GetBytes(
            $$"""{"Application":"fetched","Services":[{"Type":"php","ServiceName":"web","Start":0,"StartupScript":"{{viaRedirect}}"}]}"""));
        Assert.Equal(HttpStatusCode.Accepted, fetched.StatusCode);
        var done = await user.WaitForDeploymentAsync((await fetched.Content.ReadFromJsonAsync<DeploymentDto>())!.Id, 60);
        var web = done.Services.Single();
        Assert.Equal(ManifestPortalFixture.StartupScript, await user.Http.GetStringAsync($"/api/v1/services/{web.ServiceId}/startup-script"));

        var stranger = await ApiUser.SignUpAsync(portal, "stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/api/v1/applications/999/manifest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync("/api/v1/deployments/999")).StatusCode);
    }
}

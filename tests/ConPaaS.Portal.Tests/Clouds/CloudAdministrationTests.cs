using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Clouds.Stored;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Clouds;

/// <summary>An admin adds, edits and removes clouds through the API; secrets are encrypted at rest; others are refused.</summary>
public sealed class CloudAdministrationTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task An_admin_adds_an_ec2_cloud_whose_secret_is_stored_encrypted_and_never_shown_then_edits_and_removes_it()
    {
        var admin = await ApiUser.SignUpAsync(portal, "clouds-admin", admin: true);

        var created = await admin.Http.PostAsJsonAsync("/api/v1/admin/clouds", Ec2Request("ec2-virginia", Secret));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        var (settings, protectedSecrets) = await StoredColumnsAsync("ec2-virginia");
        Assert.DoesNotContain(Secret, settings, StringComparison.Ordinal);
        Assert.NotNull(protectedSecrets);
        Assert.DoesNotContain(Secret, protectedSecrets, StringComparison.Ordinal);
        Assert.Contains("ami-0abc", settings, StringComparison.Ordinal);

        var catalog = await admin.Http.GetFromJsonAsync<List<CloudDto>>("/api/v1/clouds");
        var listed = Assert.Single(catalog!, c => c.Name == "ec2-virginia");
        Assert.Equal("ec2", listed.Driver);
        Assert.Equal(0.0104m, Assert.Single(listed.InstanceTypes).PricePerHour);
        var definitions = await admin.Http.GetFromJsonAsync<List<CloudDefinitionDto>>("/api/v1/admin/clouds");
        var definition = Assert.Single(definitions!, d => d.Name == "ec2-virginia");
        Assert.True(definition.HasSecret);
        Assert.Equal("portal", definition.Source);
        Assert.Equal("appsettings", Assert.Single(definitions!, d => d.Name == "local").Source);

        var edited = await admin.Http.PutAsJsonAsync("/api/v1/admin/clouds/ec2-virginia", Ec2Request("ec2-virginia", secret: null, imageId: "ami-0def"));

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var (editedSettings, _) = await StoredColumnsAsync("ec2-virginia");
        Assert.Contains("ami-0def", editedSettings, StringComparison.Ordinal);
        using (var scope = portal.Services.CreateScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var stored = await db.Set<StoredCloud>().SingleAsync(c => c.Name == "ec2-virginia");
            var joined = scope.ServiceProvider.GetRequiredService<StoredCloudSecrets>().Join(stored);
            Assert.Equal(Secret, joined.Ec2.SecretAccessKey); // an empty secret kept the stored one
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync("/api/v1/admin/clouds/ec2-virginia")).StatusCode);
        Assert.DoesNotContain((await admin.Http.GetFromJsonAsync<List<CloudDto>>("/api/v1/clouds"))!, c => c.Name == "ec2-virginia");
        Assert.Throws<CloudException>(() => portal.Services.GetRequiredService<CloudRegistry>().Get("ec2-virginia"));
    }

    [Fact]
    public async Task A_cloud_that_still_runs_nodes_cannot_be_removed()
    {
        var admin = await ApiUser.SignUpAsync(portal, "clouds-admin-busy", admin: true);
        (await admin.Http.PostAsJsonAsync("/api/v1/admin/clouds", Ec2Request("ec2-busy", Secret))).EnsureSuccessStatusCode();
        var application = await admin.CreateApplicationAsync("busy");
        var service = await admin.CreateServiceAsync(application.Id, "php");
        var node = await AddNodeRecordAsync(service.Id, "ec2-busy");

        var refused = await admin.Http.DeleteAsync("/api/v1/admin/clouds/ec2-busy");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "The cloud 'ec2-busy' still runs 1 node(s)");
        Assert.Contains((await admin.Http.GetFromJsonAsync<List<CloudDto>>("/api/v1/clouds"))!, c => c.Name == "ec2-busy");

        await TerminateNodeRecordAsync(node);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync("/api/v1/admin/clouds/ec2-busy")).StatusCode);
    }

    [Fact]
    public async Task Bad_cloud_definitions_are_refused_with_what_to_fix_and_nothing_is_stored()
    {
        var admin = await ApiUser.SignUpAsync(portal, "clouds-admin-bad", admin: true);
        var cases = new (CloudDefinitionRequest Request, string Expected)[]
        {
            (Ec2Request("bad name!", Secret), "A cloud's name has 1 to 64 letters"),
            (Ec2Request("local", Secret), "A cloud named 'local' already exists"),
            (Ec2Request("no-types", Secret) with { InstanceTypes = [] }, "at least one instance type"),
            (Ec2Request("bad-driver", Secret) with { Driver = "azure" }, "The driver must be one of ec2, opennebula"),
            (Ec2Request("no-image", Secret) with { Settings = JsonSerializer.SerializeToElement(new { region = "us-east-1" }) }, "needs an ImageId"),
            (Ec2Request("bad-settings", Secret) with { Settings = JsonSerializer.SerializeToElement(new { spot = "often" }) }, "do not fit the ec2 driver"),
            (new CloudDefinitionRequest("one-no-endpoint", "opennebula", [new InstanceTypeDto("small", 0.01m)], null, "pw"), "needs an Endpoint"),
        };
        foreach (var (request, expected) in cases)
        {
            var response = await admin.Http.PostAsJsonAsync("/api/v1/admin/clouds", request);
            var status = expected.Contains("already exists", StringComparison.Ordinal) ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest;
            await response.AssertProblemAsync(status, expected);
        }
        using var scope = portal.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Set<StoredCloud>().AnyAsync(c => c.Name == "no-types" || c.Name == "no-image" || c.Name == "bad-driver"));
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_cannot_list_add_edit_or_remove_clouds()
    {
        var user = await ApiUser.SignUpAsync(portal, "clouds-user");
        var attempts = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, "/api/v1/admin/clouds", null),
            (HttpMethod.Post, "/api/v1/admin/clouds", Ec2Request("ec2-mine", Secret)),
            (HttpMethod.Put, "/api/v1/admin/clouds/local", Ec2Request("local", Secret)),
            (HttpMethod.Delete, "/api/v1/admin/clouds/local", null),
        };
        foreach (var (method, url, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
            await (await user.Http.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Forbidden, "Only an admin may manage clouds");
        }
        Assert.DoesNotContain((await user.Http.GetFromJsonAsync<List<CloudDto>>("/api/v1/clouds"))!, c => c.Name == "ec2-mine");
    }

    [Fact]
    public async Task A_service_started_on_an_ec2_cloud_that_refuses_its_credentials_goes_to_error_saying_so()
    {
        await using var ec2 = await RefusingEc2Endpoint.StartAsync();
        var admin = await ApiUser.SignUpAsync(portal, "clouds-admin-start", admin: true);
        var request = Ec2Request("ec2-refusing", Secret) with
        {
            Settings = JsonSerializer.SerializeToElement(new { region = "us-east-1", imageId = "ami-0abc", accessKeyId = "AKIAEXAMPLE", serviceUrl = ec2.Url, maxErrorRetry = 0 }),
        };
        (await admin.Http.PostAsJsonAsync("/api/v1/admin/clouds", request)).EnsureSuccessStatusCode();
        var application = await admin.CreateApplicationAsync("on-ec2");
        var service = await admin.CreateServiceAsync(application.Id, "php");

        var started = await admin.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest("ec2-refusing"));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var failed = await admin.WaitForStateAsync(service.Id, "Error");
        Assert.Contains("EC2 refused the credentials of cloud 'ec2-refusing' (AuthFailure", failed.StateReason, StringComparison.Ordinal);
        Assert.Equal("ec2-refusing", failed.Cloud);
        Assert.True(ec2.Requests > 0);
    }

    [Fact]
    public async Task New_machines_can_download_the_agent_build_from_the_portal_without_logging_in()
    {
        using var anonymous = portal.CreateClient();

        using var response = await anonymous.GetAsync("/agent/conpaas-agent.tar.gz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        var names = new List<string>();
        while (await tar.GetNextEntryAsync() is { } entry)
            names.Add(entry.Name);
        Assert.Contains(names, name => name.EndsWith("ConPaaS.Agent.dll", StringComparison.Ordinal));
    }

    private static CloudDefinitionRequest Ec2Request(string name, string? secret, string imageId = "ami-0abc") => new(
        name, "ec2", [new InstanceTypeDto("t3.micro", 0.0104m)],
        JsonSerializer.SerializeToElement(new { region = "us-east-1", imageId, accessKeyId = "AKIAEXAMPLE" }), secret);

    private async Task<(string Settings, string? ProtectedSecrets)> StoredColumnsAsync(string name)
    {
        using var scope = portal.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.Set<StoredCloud>().AsNoTracking().SingleAsync(c => c.Name == name);
        return (stored.SettingsJson, stored.ProtectedSecrets);
    }

    private async Task<int> AddNodeRecordAsync(int serviceId, string cloud)
    {
        using var scope = portal.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var node = new Node(serviceId, 0, ["web"], cloud, null, DateTimeOffset.UtcNow);
        db.Nodes.Add(node);
        await db.SaveChangesAsync();
        return node.Id;
    }

    private async Task TerminateNodeRecordAsync(int nodeId)
    {
        using var scope = portal.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        (await db.Nodes.SingleAsync(n => n.Id == nodeId)).MarkTerminated(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }
}

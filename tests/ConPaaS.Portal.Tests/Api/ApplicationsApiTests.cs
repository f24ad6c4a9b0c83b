using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Api;

public sealed class ApplicationsApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Create_list_rename_and_delete_an_application()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-crud");
        var created = await user.CreateApplicationAsync("  Wiki in the Cloud  ");
        Assert.Equal("Wiki in the Cloud", created.Name);
        Assert.Equal("apps-crud", created.Owner);

        var listed = await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications");
        Assert.Equal(created.Id, Assert.Single(listed!).Id);

        var renamed = await user.Http.PatchAsJsonAsync($"/api/v1/applications/{created.Id}", new RenameRequest("Wiki"));
        Assert.Equal("Wiki", (await renamed.Content.ReadFromJsonAsync<ApplicationDto>())!.Name);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/applications/{created.Id}")).StatusCode);
        Assert.Empty((await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_name_is_refused_naming_the_field(string? name)
    {
        var user = await ApiUser.SignUpAsync(portal, $"apps-empty-{Guid.NewGuid():N}"[..20]);
        var response = await user.Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest(name));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "must not be empty");
        Assert.Equal("name", problem.Extensions["field"]?.ToString());
        Assert.Empty((await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!);
    }

    [Fact]
    public async Task An_over_long_name_is_refused()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-long");
        var response = await user.Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest(new string('x', 65)));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "at most 64");
    }

    [Fact]
    public async Task A_duplicate_name_is_a_conflict_and_renaming_onto_a_taken_name_too()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-dup");
        var first = await user.CreateApplicationAsync("shop");
        var second = await user.CreateApplicationAsync("blog");

        var duplicate = await user.Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest("shop"));
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict, "already have an application named 'shop'");

        var rename = await user.Http.PatchAsJsonAsync($"/api/v1/applications/{second.Id}", new RenameRequest("shop"));
        await rename.AssertProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{second.Id}");
        Assert.Equal("blog", unchanged!.Name);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Two_users_may_use_the_same_application_name()
    {
        var one = await ApiUser.SignUpAsync(portal, "apps-same-1");
        var two = await ApiUser.SignUpAsync(portal, "apps-same-2");
        await one.CreateApplicationAsync("website");
        var theirs = await two.CreateApplicationAsync("website");
        Assert.Equal("website", theirs.Name);
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-json");
        var response = await user.Http.PostAsync("/api/v1/applications",
            new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!);
    }

    [Fact]
    public async Task An_unknown_id_is_404()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-404");
        var response = await user.Http.GetAsync("/api/v1/applications/999999");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "does not exist");
    }

    [Fact]
    public async Task Types_and_clouds_list_the_catalogue_and_configuration()
    {
        var user = await ApiUser.SignUpAsync(portal, "apps-catalogue");
        var types = await user.Http.GetFromJsonAsync<List<ServiceTypeDto>>("/api/v1/types");
        Assert.Equal(["php", "java", "mysql", "storage", "taskfarm"], types!.Select(t => t.Type));
        Assert.Equal(["master", "slave"], types!.Single(t => t.Type == "mysql").Roles);

        var clouds = await user.Http.GetFromJsonAsync<List<CloudDto>>("/api/v1/clouds");
        var local = Assert.Single(clouds!);
        Assert.Equal(("local", "local", true), (local.Name, local.Driver, local.IsDefault));
        Assert.Equal(0.05m, Assert.Single(local.InstanceTypes).PricePerHour);
    }
}

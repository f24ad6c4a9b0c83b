using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Api;

public sealed class ServicesApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Create_a_service_of_every_catalogue_type_in_Init_state()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-all");
        var app = await user.CreateApplicationAsync("everything");
        foreach (var type in ServiceTypeCatalog.All)
        {
            var service = await user.CreateServiceAsync(app.Id, type.Key);
            Assert.Equal((type.Key, "Init", $"New {type.Key} service"), (service.Type, service.State, service.Name));
        }
        var listed = await user.Http.GetFromJsonAsync<List<ServiceDto>>($"/api/v1/services?applicationId={app.Id}");
        Assert.Equal(ServiceTypeCatalog.All.Count, listed!.Count);
    }

    [Fact]
    public async Task Default_names_do_not_collide()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-names");
        var app = await user.CreateApplicationAsync("app");
        var first = await user.CreateServiceAsync(app.Id, "php");
        var second = await user.CreateServiceAsync(app.Id, "php");
        Assert.Equal(("New php service", "New php service (2)"), (first.Name, second.Name));
    }

    [Fact]
    public async Task An_unknown_type_is_refused_with_the_available_ones()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-unknown");
        var app = await user.CreateApplicationAsync("app");
        var response = await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "cobol", null));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Unknown service type 'cobol'");
        Assert.Contains("php", problem.Detail);
        Assert.Equal("type", problem.Extensions["field"]?.ToString());
        Assert.Empty((await user.Http.GetFromJsonAsync<List<ServiceDto>>("/api/v1/services"))!);
    }

    [Fact]
    public async Task Rename_and_delete_a_stopped_service()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-rename");
        var app = await user.CreateApplicationAsync("app");
        var service = await user.CreateServiceAsync(app.Id, "mysql", "db");
        var renamed = await user.Http.PatchAsJsonAsync($"/api/v1/services/{service.Id}", new RenameRequest("database"));
        Assert.Equal("database", (await renamed.Content.ReadFromJsonAsync<ServiceDto>())!.Name);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync($"/api/v1/services/{service.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_service_name_in_one_application_is_a_conflict()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-dup");
        var app = await user.CreateApplicationAsync("app");
        await user.CreateServiceAsync(app.Id, "php", "web");
        var response = await user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "java", "web"));
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "already has a service named 'web'");
    }

    [Fact]
    public async Task Deleting_a_running_service_or_its_application_is_a_conflict_and_changes_nothing()
    {
        var user = await ApiUser.SignUpAsync(portal, "svc-running");
        var app = await user.CreateApplicationAsync("app");
        var service = await user.CreateServiceAsync(app.Id, "php", "web");
        await SetStateAsync(service.Id, ServiceState.Prologue, ServiceState.Running);

        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}")).AssertProblemAsync(HttpStatusCode.Conflict, "stop it before deleting");
        await (await user.Http.DeleteAsync($"/api/v1/applications/{app.Id}")).AssertProblemAsync(HttpStatusCode.Conflict, "not stopped");

        var still = await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}");
        Assert.Equal("Running", still!.State);
    }

    private async Task SetStateAsync(int serviceId, params ServiceState[] path)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var service = await db.Services.SingleAsync(s => s.Id == serviceId);
        foreach (var state in path)
            service.MoveTo(state, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }
}

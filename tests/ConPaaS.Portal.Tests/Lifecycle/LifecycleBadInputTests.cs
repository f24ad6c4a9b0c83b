using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Lifecycle;

/// <summary>Requests the lifecycle must refuse with a clear problem, changing nothing.</summary>
public sealed class LifecycleBadInputTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task Adding_or_removing_nodes_of_a_service_that_is_not_running_is_a_conflict()
    {
        var (user, service) = await NewServiceAsync("bad-stopped");
        var add = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 1, null));
        await add.AssertProblemAsync(HttpStatusCode.Conflict, "running service only");
        var remove = await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=test&count=1");
        await remove.AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null)).AssertProblemAsync(HttpStatusCode.Conflict, "only a running");
        Assert.Equal("Init", (await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.State);
    }

    [Fact]
    public async Task Unknown_cloud_unknown_role_bad_counts_and_removing_too_many_are_refused()
    {
        var (user, service) = await NewServiceAsync("bad-running");
        var start = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest("mars"));
        (await start.AssertProblemAsync(HttpStatusCode.BadRequest, "no cloud named 'mars'")).Extensions.TryGetValue("field", out var field);
        Assert.Equal("cloud", field?.ToString());

        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await user.WaitForStateAsync(service.Id, "Running");

        await (await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("backend", 1, null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "has no role 'backend'");
        await (await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 0, null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "between 1 and");
        await (await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 1, "mars")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "no cloud named");
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=test&count=5"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "has 1 test node(s); cannot remove 5");
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=test&count=1"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "keeps at least one node");
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes/99999"))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Single(await user.NodesAsync(service.Id));
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    [Fact]
    public async Task A_second_change_while_one_is_in_progress_is_a_conflict()
    {
        var (user, service) = await NewServiceAsync("bad-busy");
        var first = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var second = await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}")).AssertProblemAsync(HttpStatusCode.Conflict);

        await user.WaitForStateAsync(service.Id, "Running");
        Assert.Single(await user.NodesAsync(service.Id));
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }

    [Fact]
    public async Task A_startup_script_over_one_mebibyte_is_refused_and_the_old_one_kept()
    {
        var (user, service) = await NewServiceAsync("bad-script");
        await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent("echo kept"));
        var huge = await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent(new string('#', 1024 * 1024 + 1)));
        await huge.AssertProblemAsync(HttpStatusCode.BadRequest, "at most 1024 KiB");
        Assert.Equal("echo kept", await user.Http.GetStringAsync($"/api/v1/services/{service.Id}/startup-script"));
    }

    [Fact]
    public async Task Another_user_cannot_drive_the_lifecycle_of_a_service()
    {
        var (owner, service) = await NewServiceAsync("bad-owner");
        var intruder = await ApiUser.SignUpAsync(portal, "bad-intruder");
        var calls = new Func<Task<HttpResponseMessage>>[]
        {
            () => intruder.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null)),
            () => intruder.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null),
            () => intruder.Http.GetAsync($"/api/v1/services/{service.Id}/nodes"),
            () => intruder.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/nodes", new AddNodesRequest("test", 1, null)),
            () => intruder.Http.DeleteAsync($"/api/v1/services/{service.Id}/nodes?role=test&count=1"),
            () => intruder.Http.GetAsync($"/api/v1/services/{service.Id}/logs"),
            () => intruder.Http.GetAsync($"/api/v1/services/{service.Id}/startup-script"),
            () => intruder.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent("rm -rf /")),
            () => intruder.Http.GetAsync($"/api/v1/services/{service.Id}/nodes/1/logs"),
        };
        foreach (var call in calls)
            Assert.Equal(HttpStatusCode.NotFound, (await call()).StatusCode);
        Assert.Equal("Init", (await owner.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{service.Id}"))!.State);
        Assert.Equal("", await owner.Http.GetStringAsync($"/api/v1/services/{service.Id}/startup-script"));
    }

    private async Task<(ApiUser, ServiceDto)> NewServiceAsync(string userName)
    {
        var user = await ApiUser.SignUpAsync(portal, userName);
        var app = await user.CreateApplicationAsync("app");
        return (user, await user.CreateServiceAsync(app.Id, "test"));
    }
}

/// <summary>A step that fails ends the operation in Error with the reason, and leaves no machine behind.</summary>
public sealed class LifecycleFailureTests(LocalCloudFixture portal) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task A_failing_startup_script_puts_the_service_in_error_with_the_reason_and_terminates_the_node()
    {
        var user = await ApiUser.SignUpAsync(portal, "fail-script");
        var app = await user.CreateApplicationAsync("app");
        var service = await user.CreateServiceAsync(app.Id, "test");
        await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent("#!/bin/bash\necho broken >&2\nexit 3\n"));
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));

        var failed = await user.WaitForStateAsync(service.Id, "Error");
        Assert.Contains("exited with code 3", failed.StateReason);
        Assert.Empty(await user.NodesAsync(service.Id));
        var history = await user.Http.GetFromJsonAsync<List<OperationDto>>($"/api/v1/services/{service.Id}/logs");
        Assert.Equal("Failed", history!.Single().Status);

        // From Error the service can be stopped and started again once the script is fixed.
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
        await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent("echo fixed"));
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        await user.WaitForStateAsync(service.Id, "Running");
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }
}

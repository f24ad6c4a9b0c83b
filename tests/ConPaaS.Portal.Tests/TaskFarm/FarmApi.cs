using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>What the farm tests do through the API (as the CLI would), and the kill of a worker's agent.</summary>
internal static class FarmApi
{
    public static async Task<ServiceDto> StartedFarmAsync(ApiUser user)
    {
        var app = await user.CreateApplicationAsync("farm");
        var service = await user.CreateServiceAsync(app.Id, "taskfarm");
        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null)));
        return await user.WaitForStateAsync(service.Id, "Running");
    }

    public static async Task UploadAsync(ApiUser user, int serviceId, string bag) =>
        await AcceptAsync(user.Http.PostAsync($"/api/v1/services/{serviceId}/bag", new StringContent(bag)));

    /// <summary>The fastest schedule, with a budget ten times its price: room for replacements.</summary>
    public static async Task ExecuteFastestAsync(ApiUser user, int serviceId)
    {
        var schedules = (await user.Http.GetFromJsonAsync<TaskFarmSchedulesDto>($"/api/v1/services/{serviceId}/schedules"))!;
        await AcceptAsync(user.Http.PostAsJsonAsync($"/api/v1/services/{serviceId}/execute", new TaskFarmExecuteRequest(schedules.Schedules[^1].UpperCost * 10)));
    }

    public static async Task StopAsync(ApiUser user, int serviceId)
    {
        await user.Http.PostAsync($"/api/v1/services/{serviceId}/stop", null);
        await user.WaitForStateAsync(serviceId, "Stopped");
    }

    public static async Task<TaskFarmProgressDto> ProgressAsync(ApiUser user, int serviceId) =>
        (await user.Http.GetFromJsonAsync<TaskFarmProgressDto>($"/api/v1/services/{serviceId}/progress"))!;

    public static async Task<List<TaskFarmOutputDto>> OutputsAsync(ApiUser user, int serviceId) =>
        (await user.Http.GetFromJsonAsync<List<TaskFarmOutputDto>>($"/api/v1/services/{serviceId}/outputs"))!;

    /// <summary>Kills a worker's agent process (and the tasks it runs) the way a crash would: no goodbye.</summary>
    public static void KillAgent(LocalCloudPortal portal, int nodeId) => LocalAgents.Kill(portal.DataDirectory, nodeId);

    public static async Task AcceptAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>Following a long operation the way the CLI does: poll the service until it settles.</summary>
public static class ServiceWaits
{
    public static async Task<ServiceDto> WaitForStateAsync(this ApiUser user, int serviceId, string state, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        ServiceDto? service = null;
        while (DateTime.UtcNow < deadline)
        {
            service = await user.Http.GetFromJsonAsync<ServiceDto>($"/api/v1/services/{serviceId}");
            if (service!.State == state && service.ActiveOperation is null)
                return service;
            if (service.State == "Error" && state != "Error")
                Assert.Fail($"Service went to Error: {service.StateReason}");
            await Task.Delay(200);
        }
        Assert.Fail($"Service {serviceId} did not reach {state} in {seconds} s; it is {service?.State} ({service?.ActiveOperation?.Step}).");
        return service!;
    }

    public static async Task<List<NodeDto>> NodesAsync(this ApiUser user, int serviceId) =>
        (await user.Http.GetFromJsonAsync<List<NodeDto>>($"/api/v1/services/{serviceId}/nodes"))!;

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T value;
        do
        {
            value = await probe();
            if (done(value))
                return value;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Not within {seconds} s: {what}");
        return value;
    }
}

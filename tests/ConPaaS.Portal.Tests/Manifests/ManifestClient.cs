using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Manifests;

/// <summary>Deploying and following manifests as a user of the API.</summary>
public static class ManifestClient
{
    public static Task<HttpResponseMessage> PostManifestAsync(this ApiUser user, byte[] body, string? variablesJson = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(body), "manifest", "manifest" } };
        if (variablesJson is not null)
            form.Add(new StringContent(variablesJson), "variables");
        return user.Http.PostAsync("/api/v1/manifests", form);
    }

    public static async Task<DeploymentDto> DeployTemplateAsync(this ApiUser user, string template, Dictionary<string, string>? variables = null)
    {
        var response = await user.Http.PostAsJsonAsync($"/api/v1/templates/{template}/deploy", new DeployTemplateRequest(variables));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DeploymentDto>())!;
    }

    public static async Task<DeploymentDto> WaitForDeploymentAsync(this ApiUser user, int deploymentId, int seconds = 300)
    {
        var done = await ServiceWaits.EventuallyAsync(
            async () => (await user.Http.GetFromJsonAsync<DeploymentDto>($"/api/v1/deployments/{deploymentId}"))!,
            d => d.Status is not ("Pending" or "Running"), seconds, $"deployment {deploymentId} ends");
        Assert.True(done.Status == "Succeeded", $"{done.Status}: {done.Error}");
        return done;
    }

    /// <summary>Stops every service of the application, so its nodes end.</summary>
    public static async Task StopApplicationAsync(this ApiUser user, int applicationId)
    {
        var application = (await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{applicationId}"))!;
        foreach (var service in application.Services.Where(s => s.State is "Running" or "Error"))
            await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        foreach (var service in application.Services.Where(s => s.State is "Running" or "Error"))
            await user.WaitForStateAsync(service.Id, "Stopped", 120);
    }
}

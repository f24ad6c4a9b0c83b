using System.Net.Http.Json;
using System.Text;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Manifests;

public sealed class DeploymentRestartTests
{
    private const string Manifest = """
        {"Application": "Survives a restart",
         "Services": [
           {"ServiceName": "web", "Type": "php", "StartupInstances": {"proxy": "1", "backend": "2"}},
           {"ServiceName": "db", "Type": "mysql", "Password": "${secret:db}"}]}
        """;

    [Fact]
    public async Task A_portal_stopped_in_the_middle_of_a_deployment_resumes_it_without_a_second_service_or_a_leaked_node()
    {
        var first = new LocalCloudPortal { TerminateNodesOnDispose = false, OwnsDataDirectory = false };
        LocalCloudPortal? second = null;
        try
        {
            var user = await ApiUser.SignUpAsync(first, "restart-deployer");
            var accepted = await user.PostManifestAsync(Encoding.UTF8.GetBytes(Manifest));
            var deploymentId = (await accepted.Content.ReadFromJsonAsync<DeploymentDto>())!.Id;
            var midway = await ServiceWaits.EventuallyAsync(
                async () => (await user.Http.GetFromJsonAsync<DeploymentDto>($"/api/v1/deployments/{deploymentId}"))!,
                d => d.Services.Any(s => s.ServiceId is not null) || d.Status != "Pending" && d.Status != "Running", 60, "the deployment has created a service");
            Assert.Equal("Running", midway.Status);
            first.Dispose(); // the portal goes away mid-deployment

            second = new LocalCloudPortal(first.DataDirectory, first.Range);
            var again = user.On(second);

            var done = await again.WaitForDeploymentAsync(deploymentId);
            var application = (await again.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{done.ApplicationId}"))!;
            Assert.Equal(["db", "web"], application.Services.Select(s => s.Name).Order().ToArray());
            Assert.All(application.Services, s => Assert.Equal("Running", s.State));
            var web = application.Services.Single(s => s.Name == "web");
            Assert.Equal(2, (await again.NodesAsync(web.Id)).Count(n => n.Roles.Contains("backend")));

            var nodes = new List<NodeDto>();
            foreach (var service in application.Services)
                nodes.AddRange(await again.NodesAsync(service.Id));
            var machines = await second.Services.GetRequiredService<CloudRegistry>().Default.ListNodesAsync();
            Assert.Equal(nodes.Select(n => $"node-{n.Id}").Order(), machines.Select(m => m.NodeId).Order());
            await again.StopApplicationAsync(application.Id);
        }
        finally
        {
            first.Dispose();
            if (second is null)
            {
                second = new LocalCloudPortal(first.DataDirectory, first.Range);
                _ = second.Services;
            }
            second.OwnsDataDirectory = true;
            second.Dispose();
        }
    }
}

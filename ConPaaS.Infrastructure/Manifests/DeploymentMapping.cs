using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Manifests;

namespace ConPaaS.Infrastructure.Manifests;

internal static class DeploymentMapping
{
    public static DeploymentDto ToDto(this Deployment deployment) => new(
        deployment.Id, deployment.Status.ToString(), deployment.ApplicationName, deployment.ApplicationId, deployment.Step, deployment.Error,
        deployment.RollbackOnFailure,
        deployment.Services.OrderBy(s => s.Index)
            .Select(s => new DeploymentServiceDto($"Services[{s.Index}]", s.Type, s.Name, s.ServiceId, s.Stage.ToString(), s.Step, s.Error)).ToList(),
        deployment.CreatedAt, deployment.FinishedAt);
}

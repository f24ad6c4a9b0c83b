using ConPaaS.Domain.Applications;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Applications;

internal static class DtoMapping
{
    public static ApplicationDto ToDto(this Application application, string ownerName) =>
        new(application.Id, application.Name, ownerName, application.CreatedAt,
            application.Services.OrderBy(s => s.Id).Select(s => s.ToDto()).ToList());

    public static ServiceDto ToDto(this Service service, Operation? activeOperation = null, string? url = null) =>
        new(service.Id, service.ApplicationId, service.Type, service.Name, service.State.ToString(), service.StateReason,
            service.CreatedAt, service.StateChangedAt, service.StartedAt, service.Cloud, service.AutoReplaceFailedNodes,
            activeOperation?.ToDto(), url, HasCode(service) ? service.ActiveCodeVersion : null, service.DeployOnPush);

    /// <summary>Web services carry code versions; the others do not.</summary>
    public static bool HasCode(Service service) => service.Type is "php" or "java";

    public static NodeDto ToDto(this Node node) =>
        new(node.Id, node.ServiceId, node.RoleList, node.State.ToString(), node.StateReason, node.Cloud, node.InstanceType,
            node.Address, node.CreatedAt, node.StartedAt, node.TerminatedAt);

    public static OperationDto ToDto(this Operation operation) =>
        new(operation.Id, operation.Kind.ToString(), operation.Describe(), operation.Status.ToString(), operation.Step,
            operation.Done, operation.Total, operation.Error, operation.CreatedAt, operation.FinishedAt);
}

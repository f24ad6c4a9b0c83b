using ConPaaS.Domain.Applications;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Applications;

internal static class DtoMapping
{
    public static ApplicationDto ToDto(this Application application, string ownerName) =>
        new(application.Id, application.Name, ownerName, application.CreatedAt,
            application.Services.OrderBy(s => s.Id).Select(s => s.ToDto()).ToList());

    public static ServiceDto ToDto(this Service service) =>
        new(service.Id, service.ApplicationId, service.Type, service.Name, service.State.ToString(), service.StateReason,
            service.CreatedAt, service.StateChangedAt);
}

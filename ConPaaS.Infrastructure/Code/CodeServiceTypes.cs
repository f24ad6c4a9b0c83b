using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Code;

/// <summary>The service types that serve code and therefore own a repository.</summary>
public static class CodeServiceTypes
{
    private static readonly string[] WithCode = ["php", "java"];

    public static bool HasCode(string type) => WithCode.Contains(type, StringComparer.OrdinalIgnoreCase);

    public static void EnsureHasCode(Service service)
    {
        if (!HasCode(service.Type))
            throw new ConflictException(
                $"Service '{service.Name}' is a {service.Type} service; only {string.Join(" and ", WithCode)} services have code versions.");
    }
}

using System.Security.Cryptography.X509Certificates;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Agent.Security;

/// <summary>
/// Serves a request only when its client certificate carries the manager role. By the time a request arrives
/// the handshake has already proved that certificate to be ours and valid now (see
/// <see cref="MutualTlsListener"/>); what is left is the role and the certificate's intended use.
/// A plain middleware rather than ASP.NET's certificate authentication: that stack brings Data Protection and
/// its XML key ring into every agent, which costs memory (and writes keys) for nothing an agent needs.
/// </summary>
public sealed class ManagerOnlyAccess(RequestDelegate next, ILogger<ManagerOnlyAccess> logger)
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public async Task InvokeAsync(HttpContext context)
    {
        var certificate = await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!IsForClientAuthentication(certificate) || !CertificateSubjectRoles.Read(certificate).Contains(AgentCertificateRoles.Manager))
        {
            logger.LogWarning("Refused {Method} {Path} from {Subject}: not a manager certificate",
                context.Request.Method, context.Request.Path, certificate.Subject);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(context);
    }

    private static bool IsForClientAuthentication(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        return usages is null || usages.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ClientAuthenticationOid);
    }
}

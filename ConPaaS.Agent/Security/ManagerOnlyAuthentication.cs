using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authorization;

namespace ConPaaS.Agent.Security;

public static class ManagerOnlyAuthentication
{
    /// <summary>
    /// Every endpoint requires a client certificate of our CA that carries the manager role. The handshake
    /// already refused foreign or expired certificates; this checks them again (defence in depth) and turns
    /// the subject's roles into claims, so a certificate of our CA without the manager role gets a 403.
    /// </summary>
    public static void AddManagerOnlyAuthentication(this WebApplicationBuilder builder, CaTrust trust)
    {

        builder.Services
            .AddAuthentication(CertificateAuthenticationDefaults.AuthenticationScheme)
            .AddCertificate(certificate =>
            {
                certificate.AllowedCertificateTypes = CertificateTypes.Chained;
                certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                certificate.CustomTrustStore = [trust.CaCertificate];
                certificate.RevocationMode = X509RevocationMode.NoCheck;
                certificate.ValidateValidityPeriod = true;
                certificate.ValidateCertificateUse = true;
                certificate.Events = new CertificateAuthenticationEvents
                {
                    OnCertificateValidated = context =>
                    {
                        var claims = CertificateSubjectRoles.Read(context.ClientCertificate)
                            .Select(role => new Claim(ClaimTypes.Role, role))
                            .Append(new Claim(ClaimTypes.Name, context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, false)));
                        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, context.Scheme.Name));
                        context.Success();
                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(CertificateAuthenticationDefaults.AuthenticationScheme)
                .RequireRole(AgentCertificateRoles.Manager)
                .Build());
    }
}

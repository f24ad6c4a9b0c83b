using System.Security.Cryptography.X509Certificates;

namespace ConPaaS.Agent.Security;

/// <summary>Reads the roles a certificate carries: one <c>OU=</c> attribute per role (see AgentCertificateRoles).</summary>
public static class CertificateSubjectRoles
{
    private const string OrganizationalUnitOid = "2.5.4.11";

    public static IReadOnlyList<string> Read(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == OrganizationalUnitOid)
            .Select(rdn => rdn.GetSingleElementValue())
            .OfType<string>()
            .ToList();
}

using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ConPaaS.Agent.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ConPaaS.Agent.Hosting;

public static class MutualTlsListener
{
    /// <summary>
    /// Listens on the node's own address only, over TLS with its certificate, and asks every caller for a
    /// certificate. A caller whose certificate does not chain to our CA or is out of its validity fails the
    /// handshake; the manager role is checked later, by authorization, so that such a caller gets a 403.
    /// </summary>
    public static void ListenWithMutualTls(this WebApplicationBuilder builder, AgentOptions options, CaTrust trust)
    {
        var serverCertificate = X509Certificate2.CreateFromPemFile(
            options.Resolve(options.CertificatePath), options.Resolve(options.KeyPath));

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => trust.IsIssuedByOurCa(certificate);
            }));
        });
    }
}

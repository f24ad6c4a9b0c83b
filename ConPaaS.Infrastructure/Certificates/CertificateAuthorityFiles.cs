using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// The CA on disk, in <c>&lt;data&gt;/ca/</c>: <c>ca.crt</c> (PEM, public) and <c>ca.key.protected</c>, the
/// PKCS#8 private key encrypted with ASP.NET Core Data Protection, so a copy of the data folder without the
/// Data Protection key ring does not give away the CA. A lock file keeps two processes from creating two CAs.
/// </summary>
internal sealed class CertificateAuthorityFiles(string directory, IDataProtectionProvider dataProtection)
{
    private const string CertificateFileName = "ca.crt";
    private const string ProtectedKeyFileName = "ca.key.protected";
    private const string LockFileName = ".lock";
    private const string Purpose = "ConPaaS.Certificates.CertificateAuthority.PrivateKey.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public string CertificatePath => Path.Combine(directory, CertificateFileName);

    public string ProtectedKeyPath => Path.Combine(directory, ProtectedKeyFileName);

    /// <summary>
    /// Loads the CA, or creates it with <paramref name="create"/> (a certificate holding its key, and that key)
    /// when this installation has none yet.
    /// </summary>
    public X509Certificate2 LoadOrCreate(Func<(X509Certificate2 Certificate, ECDsa Key)> create)
    {
        Directory.CreateDirectory(directory);
        using var _ = AcquireLock();
        if (File.Exists(CertificatePath) && File.Exists(ProtectedKeyPath))
            return Load();

        var (certificate, key) = create();
        using (key)
            Save(certificate, key);
        return certificate;
    }

    private X509Certificate2 Load()
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
        var pkcs8 = _protector.Unprotect(Convert.FromBase64String(File.ReadAllText(ProtectedKeyPath)));
        try
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using (certificate)
                return certificate.CopyWithPrivateKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private void Save(X509Certificate2 certificate, ECDsa key)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            // The key first: a certificate without its key must never be mistaken for a complete CA.
            WriteAtomically(ProtectedKeyPath, Convert.ToBase64String(_protector.Protect(pkcs8)), ownerOnly: true);
            WriteAtomically(CertificatePath, certificate.ExportCertificatePem(), ownerOnly: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static void WriteAtomically(string path, string text, bool ownerOnly)
    {
        var temporary = path + ".tmp";
        if (ownerOnly)
            OwnerOnlyFile.WriteAllText(temporary, text);
        else
            File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}

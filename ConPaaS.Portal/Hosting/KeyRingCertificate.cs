using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ConPaaS.Portal.Hosting;

/// <summary>
/// The certificate that encrypts the Data Protection key ring (and so the CA's key and every stored secret). It
/// lives outside the data folder (<c>ConPaaS:KeyRing:CertificatePath</c>, by default under the portal user's
/// <c>~/.config/conpaas/</c>), mode 0600, made on first start: a copy of the data folder alone gives nothing
/// away. See docs/decisions/011.
/// </summary>
internal static class KeyRingCertificate
{
    public const string PathKey = "ConPaaS:KeyRing:CertificatePath";

    /// <summary>Where the certificate lives when configuration does not say: one file per data folder.</summary>
    public static string DefaultPath(string dataDirectory)
    {
        var home = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } config
            ? config
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16];
        return Path.Combine(home, "conpaas", $"keyring-{id}.pfx");
    }

    /// <summary>Loads the certificate, or makes it when neither it nor a protected key ring exists yet.</summary>
    public static X509Certificate2 LoadOrCreate(string path, string dataDirectory, string keysDirectory)
    {
        path = Path.GetFullPath(path);
        if (IsInside(path, dataDirectory))
            throw new InvalidOperationException($"{PathKey} ({path}) is inside the data folder ({dataDirectory}); it must live elsewhere, or a copy of the folder gives the key ring away.");
        if (File.Exists(path))
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        if (Directory.Exists(keysDirectory) && Directory.EnumerateFiles(keysDirectory, "*.xml").Any(file => File.ReadAllText(file).Contains("encryptedSecret", StringComparison.Ordinal)))
            throw new InvalidOperationException($"The key ring in {keysDirectory} is protected by the certificate {path}, which is missing: restore it from the backup you keep apart from the data folder.");

        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=ConPaaS key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var directory = Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(created.Export(X509ContentType.Pkcs12));
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static bool IsInside(string path, string directory)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), path);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// What a node needs to prove who it is and to know its manager: its certificate and key, and our CA's
/// certificate. Written into the node at provisioning; <see cref="ToString"/> leaves the key out.
/// </summary>
public sealed class NodeCredentials(string nodeId, string certificatePem, string privateKeyPem, string caCertificatePem)
{
    public const string CertificateFileName = "node.crt";
    public const string PrivateKeyFileName = "node.key";
    public const string CaCertificateFileName = "ca.crt";

    public string NodeId { get; } = nodeId;

    public string CertificatePem { get; } = certificatePem;

    public string CaCertificatePem { get; } = caCertificatePem;

    public string ExportPrivateKeyPem() => privateKeyPem;

    /// <summary>Writes the three PEM files into <paramref name="directory"/>, the key readable by its owner only.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, CertificateFileName), CertificatePem);
        File.WriteAllText(Path.Combine(directory, CaCertificateFileName), CaCertificatePem);
        OwnerOnlyFile.WriteAllText(Path.Combine(directory, PrivateKeyFileName), privateKeyPem);
    }

    public override string ToString() => $"Credentials of node {NodeId}";
}

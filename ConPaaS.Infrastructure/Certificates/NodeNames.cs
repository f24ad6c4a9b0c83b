using System.Text.RegularExpressions;
using ConPaaS.Domain.Agents;

namespace ConPaaS.Infrastructure.Certificates;

/// <summary>
/// A node id becomes a certificate name, a folder name and a command-line argument, so it is kept to
/// letters, digits, dots, dashes and underscores.
/// </summary>
public static partial class NodeNames
{
    public static string CommonName(string nodeId) => AgentCertificateRoles.NodeNamePrefix + EnsureValid(nodeId);

    public static string EnsureValid(string nodeId) =>
        ValidNodeId().IsMatch(nodeId)
            ? nodeId
            : throw new ArgumentException($"'{nodeId}' is not a valid node id (letters, digits, '.', '-', '_'; at most 64).", nameof(nodeId));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidNodeId();
}

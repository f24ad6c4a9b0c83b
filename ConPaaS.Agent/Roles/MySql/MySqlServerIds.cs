using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// A server_id unique per node when the manager sends none: the node's IPv4 address read as a number (nodes of
/// one service never share an address), else a hash of the node id. Replication drops events that carry
/// the replica's own id, so two nodes with one id would silently lose data.
/// </summary>
internal static class MySqlServerIds
{
    public static uint Derive(string address, string nodeId)
    {
        if (IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());
            if (value != 0)
                return value;
        }
        var hash = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(nodeId)));
        return hash == 0 ? 1 : hash;
    }
}

using System.Text.RegularExpressions;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// What user names and passwords the roles accept. Names are plain identifiers so they never need quoting in
/// an option file. The replication password is used in clear (in a 0600 option file for seeding, and in
/// CHANGE MASTER), so it is kept to characters that need no escaping anywhere; the manager generates it.
/// The admin password may be anything: it reaches the server only as a hash.
/// </summary>
internal static partial class MySqlAccountRules
{
    public const int MaxPasswordLength = 256;

    public static void CheckUserName(string? name, string field)
    {
        if (string.IsNullOrEmpty(name) || !UserName().IsMatch(name))
            throw new InvalidRoleSettingsException($"'{field}' must be 1 to 32 letters, digits or underscores.");
    }

    public static void CheckAdminPassword(string? password, string field)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength || password.Any(char.IsControl))
            throw new InvalidRoleSettingsException($"'{field}' must be 1 to {MaxPasswordLength} characters without control characters.");
    }

    public static void CheckReplicationPassword(string? password, string field)
    {
        if (string.IsNullOrEmpty(password) || !ReplicationPassword().IsMatch(password))
            throw new InvalidRoleSettingsException($"'{field}' must be 8 to 32 letters, digits, '.', '_' or '-'.");
    }

    public static void CheckPort(int port, string field)
    {
        if (port is <= 0 or > 65535)
            throw new InvalidRoleSettingsException($"'{field}' must be a TCP port.");
    }

    public static void CheckDatabaseName(string? name)
    {
        if (name is not null && !DatabaseName().IsMatch(name))
            throw new InvalidRoleSettingsException("The database name must be 1 to 64 letters, digits, '_' or '$'.");
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$")]
    private static partial Regex UserName();

    [GeneratedRegex("^[A-Za-z0-9._-]{8,32}$")]
    private static partial Regex ReplicationPassword();

    [GeneratedRegex("^[A-Za-z0-9_$]{1,64}$")]
    private static partial Regex DatabaseName();
}

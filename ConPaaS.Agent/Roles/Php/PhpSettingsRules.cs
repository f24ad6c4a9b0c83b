using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ConPaaS.Agent.Code;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// Checks of the values that end up in generated nginx and php-fpm configuration: anything that could break
/// out of its line (quotes, semicolons, newlines, <c>$</c>) is refused rather than escaped.
/// </summary>
internal static partial class PhpSettingsRules
{
    public static T Read<T>(JsonElement json, JsonTypeInfo<T> type, string roleName)
        where T : class
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new InvalidRoleSettingsException($"The settings of {roleName} must be a JSON object.");
        try
        {
            return json.Deserialize(type) ?? throw new InvalidRoleSettingsException($"The settings of {roleName} are empty.");
        }
        catch (JsonException exception)
        {
            throw new InvalidRoleSettingsException($"The settings of {roleName} are not understood: {exception.Message}");
        }
    }

    public static int Port(int? port, int defaultPort, string field = "port") =>
        port switch
        {
            null => defaultPort,
            > 0 and <= 65535 => port.Value,
            _ => throw new InvalidRoleSettingsException($"'{field}' {port} is not a TCP port."),
        };

    public static string Version(string? version)
    {
        version ??= CodeVersionNames.Default;
        return CodeVersionNames.IsValid(version) ? version : throw new InvalidRoleSettingsException(CodeVersionNames.Describe(version));
    }

    /// <summary>Each entry as <c>host:port</c>, the host an IPv4 address, a DNS name or a bracketed IPv6 address.</summary>
    public static IReadOnlyList<string> Servers(IReadOnlyList<string>? servers, string field)
    {
        var result = new List<string>();
        foreach (var server in servers ?? [])
        {
            var match = HostAndPort().Match(server ?? "");
            if (!match.Success || !int.TryParse(match.Groups["port"].Value, out var port) || port is <= 0 or > 65535
                || (match.Groups["host"].Value.StartsWith('[') && !IPAddress.TryParse(match.Groups["host"].Value.Trim('[', ']'), out _)))
                throw new InvalidRoleSettingsException($"'{field}' holds '{server}', which is not host:port.");
            if (!result.Contains(server!))
                result.Add(server!);
        }
        return result;
    }

    public static IReadOnlyList<IPAddress> Addresses(IReadOnlyList<string>? addresses, string field) =>
        (addresses ?? []).Select(address => IPAddress.TryParse(address, out var parsed)
            ? parsed
            : throw new InvalidRoleSettingsException($"'{field}' holds '{address}', which is not an IP address.")).ToList();

    /// <summary>Names as shells know them; values anything but a quote or a line break (php-fpm reads them raw, '…').</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(IReadOnlyDictionary<string, string>? environment)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (!EnvironmentName().IsMatch(name))
                throw new InvalidRoleSettingsException($"'{name}' is not a usable environment variable name (letters, digits, '_').");
            // The value is not quoted in the message: it may be a password.
            if (value is null || value.IndexOfAny(['\'', '\n', '\r', '\0']) >= 0)
                throw new InvalidRoleSettingsException($"The value of the environment variable '{name}' may not contain a single quote or a line break.");
            result.Add(new(name, value));
        }
        return result;
    }

    /// <summary>An absolute path fit for both nginx ("…") and php-fpm ('…') configuration.</summary>
    public static string SafePath(string path, string field)
    {
        if (!Path.IsPathRooted(path) || path.IndexOfAny(['\'', '"', '\\', '$', ';', '{', '}', '\n', '\r', '\0']) >= 0)
            throw new InvalidRoleSettingsException($"'{field}' must be an absolute path without quotes, '$', ';', braces or line breaks.");
        return Path.GetFullPath(path);
    }

    [GeneratedRegex(@"^(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\]):(?<port>[0-9]{1,5})$")]
    private static partial Regex HostAndPort();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex EnvironmentName();
}

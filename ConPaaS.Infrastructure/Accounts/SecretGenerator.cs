using System.Security.Cryptography;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>Random secrets: generated passwords and access tokens.</summary>
public static class SecretGenerator
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A password that satisfies Identity's default rules (upper, lower, digit, symbol).</summary>
    public static string Password(int length = 20)
    {
        var core = RandomNumberGenerator.GetString(PasswordAlphabet, length - 4);
        return $"{core}Aa1-";
    }

    /// <summary>A URL-safe token with 256 bits of entropy.</summary>
    public static string Token() =>
        "cps_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}

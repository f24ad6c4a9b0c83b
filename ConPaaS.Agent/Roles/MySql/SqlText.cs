using System.Security.Cryptography;
using System.Text;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>Writes values into SQL text safely: quoted literals, and passwords as hashes.</summary>
internal static class SqlText
{
    /// <summary>A single-quoted string literal (the server runs without NO_BACKSLASH_ESCAPES).</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var character in value)
        {
            text.Append(character switch
            {
                '\'' => "\\'",
                '\\' => "\\\\",
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                '\x1a' => "\\Z",
                _ => character.ToString(),
            });
        }
        return text.Append('\'').ToString();
    }

    /// <summary><c>'user'@'%'</c>: every account the roles create may connect from any node.</summary>
    public static string Account(string user) => $"{Literal(user)}@'%'";

    /// <summary>
    /// The mysql_native_password hash of a password (<c>*</c> and the hex of SHA1(SHA1(password)))): accounts are
    /// created with <c>IDENTIFIED BY PASSWORD '&lt;hash&gt;'</c>, so the password itself never reaches the server,
    /// its binary log or a replica.
    /// </summary>
    public static string NativePasswordHash(string password) =>
        "*" + Convert.ToHexString(SHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(password))));
}

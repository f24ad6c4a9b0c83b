using ConPaaS.Domain.Errors;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>The rule for an administrator password a person chooses.</summary>
public static class MySqlPasswords
{
    public const string AdminSecret = "mysql.adminPassword";
    public const string ReplicationSecret = "mysql.replicationPassword";
    public const string AdminUser = "mysqldb";
    public const string ReplicationUser = "replicator";

    public static void Validate(string? password, string? confirm)
    {
        if (string.IsNullOrEmpty(password) || password.Length < 8 || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
            throw new InvalidInputException("password", "The password must have at least 8 characters, with letters and digits.");
        if (password.Length > 128 || password.Any(char.IsControl))
            throw new InvalidInputException("password", "The password must have at most 128 characters and no control characters.");
        if (confirm is not null && confirm != password)
            throw new InvalidInputException("confirm", "The two passwords differ.");
    }
}

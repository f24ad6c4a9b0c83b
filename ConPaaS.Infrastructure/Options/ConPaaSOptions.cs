namespace ConPaaS.Infrastructure.Options;

/// <summary>The installation's settings, bound from the <c>ConPaaS</c> section of appsettings.json.</summary>
public sealed class ConPaaSOptions
{
    public const string Section = "ConPaaS";

    /// <summary>Everything the portal owns lives here: databases, repositories, the CA, local nodes.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    public AdminOptions Admin { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public FeatureOptions Features { get; set; } = new();

    /// <summary>
    /// The data directory as an absolute path, created on first use: a relative one is taken from the directory the
    /// portal was started in (the process's working directory), the same for every part of the portal.
    /// </summary>
    public string ResolveDataDirectory()
    {
        var path = Path.GetFullPath(DataDirectory);
        Directory.CreateDirectory(path);
        return path;
    }
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>Empty means "conpaas.db in the data directory" for SQLite.</summary>
    public string? ConnectionString { get; set; }
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
}

public sealed class AdminOptions
{
    public string UserName { get; set; } = "admin";

    /// <summary>When absent, a password is generated at first start and printed once.</summary>
    public string? Password { get; set; }
}

public sealed class LimitOptions
{
    public long MaxCodeUploadBytes { get; set; } = 100L * 1024 * 1024;
    public long MaxDumpUploadBytes { get; set; } = 1024L * 1024 * 1024;
    public long MaxStartupScriptBytes { get; set; } = 1024 * 1024;

    /// <summary>Uploads (code archives, SQL dumps) one user may have in progress at once; one more is refused with 429.</summary>
    public int ConcurrentUploadsPerUser { get; set; } = 2;

    /// <summary>Password attempts (login page and token endpoint) per client address and minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
}

public sealed class FeatureOptions
{
    /// <summary>Offers the hidden self-test service type (nodes running only the agent's test role).</summary>
    public bool SelfTestService { get; set; }
}

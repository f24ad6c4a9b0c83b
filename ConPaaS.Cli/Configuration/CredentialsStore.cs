using System.Text.Json;

namespace ConPaaS.Cli.Configuration;

/// <summary>Reads and writes <c>credentials.json</c> in the configuration folder, readable by its owner only.</summary>
public sealed class CredentialsStore(string directory)
{
    /// <summary>Lets tests and several installations keep separate credentials.</summary>
    public const string DirectoryVariable = "CONPAAS_CONFIG_DIR";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath { get; } = Path.Combine(directory, "credentials.json");

    public static CredentialsStore FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "conpaas")
            : configured;
        return new CredentialsStore(directory);
    }

    /// <summary>The stored credentials, or null when there are none.</summary>
    public Credentials? Load()
    {
        if (!File.Exists(FilePath))
            return null;
        try
        {
            var stored = JsonSerializer.Deserialize<Credentials>(File.ReadAllText(FilePath), Json);
            return stored is { Url.Length: > 0, Token.Length: > 0 } ? stored : null;
        }
        catch (JsonException)
        {
            throw CliFailure.NotLoggedIn($"{FilePath} is not readable as credentials");
        }
    }

    /// <summary>Writes beside the old file and renames over it, so a crash never leaves half a token behind.</summary>
    public void Save(Credentials credentials)
    {
        Directory.CreateDirectory(directory);
        var temporary = FilePath + ".tmp";
        File.Delete(temporary);
        // The mode is set when the file is created, so the token is never readable by others, not even briefly.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
            JsonSerializer.Serialize(stream, credentials, Json);
        File.Move(temporary, FilePath, overwrite: true);
    }
}

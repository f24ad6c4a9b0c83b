namespace ConPaaS.Infrastructure.Certificates;

/// <summary>Writes a secret to a file that only its owner may read, from the moment the file exists.</summary>
internal static class OwnerOnlyFile
{
    public static void WriteAllText(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, text);
            return;
        }
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}

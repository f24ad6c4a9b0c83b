namespace ConPaaS.Agent.Code;

/// <summary>
/// The original's <c>code-default</c>: a welcome page that a new php service shows until its owner uploads
/// code. The agent writes it itself, so a service answers as soon as its roles run.
/// </summary>
internal static class DefaultCodeVersion
{
    public const string IndexPhp = """
        <?php /* Written by the ConPaaS agent: the page a php service shows before any code is activated. */ ?>
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>ConPaaS php service</title></head>
        <body>
        <h1>Your PHP service is ready</h1>
        <p>Upload your code (a ZIP archive or a git push) and activate it to replace this page.</p>
        <p>PHP <?php echo htmlspecialchars(PHP_VERSION); ?></p>
        </body>
        </html>

        """;

    /// <summary>Writes the version into <paramref name="staging"/> (a fresh folder that the caller renames into place).</summary>
    public static void WriteTo(string staging) =>
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(staging).FullName, "index.php"), IndexPhp);
}

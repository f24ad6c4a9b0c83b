using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;

namespace ConPaaS.Cli.Commands;

public sealed class SqldumpCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The mysql service's id or name." };
    private readonly Option<string?> _output = new("--output", "-o") { Description = "Save the dump to this file instead of printing it." };

    public SqldumpCommand() : base("sqldump", "Dump a mysql service's databases as SQL, to standard output or a file.")
    {
        Add(_service);
        Add(_output);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        using var response = await context.Portal.GetStreamingAsync($"services/{service.Id}/dump", ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        if (parse.GetValue(_output) is { } path)
        {
            var bytes = await Files.SaveAsync(body, path, ct);
            // Standard error: a script that names a file may still pipe standard output elsewhere.
            await context.Error.WriteLineAsync($"Saved the dump of service {service.Id} '{service.Name}' to {path} ({bytes} bytes).");
            return;
        }
        using var reader = new StreamReader(body);
        var buffer = new char[16384];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            await context.Output.WriteAsync(buffer.AsMemory(0, read), ct);
        await context.Output.FlushAsync(ct);
    }
}

using System.CommandLine;
using System.Net.Http.Headers;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class LoadDumpCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The mysql service's id or name." };
    private readonly Argument<FileInfo> _file = new("file") { Description = "An SQL dump, plain or gzip-compressed." };

    public LoadDumpCommand() : base("load_dump",
        "Run an SQL dump on a mysql service's master and wait for it, showing progress; a failing statement stops it, naming its number and line (exit 2).")
    {
        Add(_service);
        Add(_file);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var file = parse.GetRequiredValue(_file);
        await using var dump = Files.OpenRead(file);
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);

        var content = new StreamContent(dump, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sql");
        content.Headers.ContentLength = dump.Length;
        var bytes = dump.Length;
        await context.Error.WriteLineAsync($"Uploading {file.Name} ({bytes} bytes)...");
        var loading = await context.Portal.SendContentAsync<ServiceDto>(HttpMethod.Post, $"services/{service.Id}/dump", content, ct);
        // Like the original's load_dump, the command returns when the dump has run; the portal runs it in the background.
        var settled = await new ServiceWatcher(context.Portal, context.Error).WaitAsync(loading, ct);
        Show(parse, context, settled, (output, s) =>
            output.WriteLine($"Loaded {file.Name} ({bytes} bytes) into service {s.Id} '{s.Name}'."));
    }
}

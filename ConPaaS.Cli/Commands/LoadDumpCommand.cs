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

    public LoadDumpCommand() : base("load_dump", "Run an SQL dump on a mysql service's master; a failing statement stops it, naming its line.")
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
        var result = await context.Portal.SendContentAsync<DumpLoadResultDto>(HttpMethod.Post, $"services/{service.Id}/dump", content, ct);
        Show(parse, context, result, (output, r) =>
            output.WriteLine($"Loaded {file.Name} ({r.Bytes} bytes) into service {service.Id} '{service.Name}'."));
    }
}

using System.CommandLine;
using System.Net.Http.Headers;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class UploadCodeCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Argument<FileInfo> _file = new("file") { Description = "A ZIP or tar.gz archive of the code (index.php at its top, or in one folder)." };
    private readonly Option<string?> _description = new("--description") { Description = "What this version is (shown by list_code)." };

    public UploadCodeCommand() : base("upload_code", "Upload an archive as a new code version of a php or java service (enable it with enable_code).")
    {
        Add(_service);
        Add(_file);
        Add(_description);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var file = parse.GetRequiredValue(_file);
        await using var archive = Files.OpenRead(file);
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);

        using var form = new MultipartFormDataContent();
        var content = new StreamContent(archive, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "archive", file.Name);
        if (parse.GetValue(_description) is { } description)
            form.Add(new StringContent(description), "description");

        var version = await context.Portal.SendContentAsync<CodeVersionDto>(HttpMethod.Post, $"services/{service.Id}/code", form, ct);
        Show(parse, context, version, (output, v) => output.WriteLine(
            $"Uploaded {file.Name} to service {service.Id} '{service.Name}' as code version {v.Id}; serve it with 'cps enable_code {service.Id} {v.Id}'."));
    }
}

using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using ConPaaS.Cli.Output;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

public sealed class ManifestCommand : DeploymentCommand
{
    private readonly Argument<FileInfo> _file = new("file") { Description = "A manifest (JSON) or a manifest bundle (a ZIP holding manifest.json and its files)." };

    public ManifestCommand() : base("manifest", "Deploy an application described by a manifest: its services are created, started and filled in order.")
    {
        Add(_file);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var file = parse.GetRequiredValue(_file);
        var variables = Variables(parse);
        await using var manifest = Files.OpenRead(file);
        var upload = new StreamContent(manifest, 81920);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent
        {
            { upload, "manifest", file.Name },
            { new StringContent(JsonSerializer.Serialize(variables)), "variables" },
            { new StringContent(Rollback(parse) ? "true" : "false"), "rollbackOnFailure" },
        };
        var deployment = await context.Portal.SendContentAsync<DeploymentDto>(HttpMethod.Post, "manifests", form, ct);
        await ShowAsync(parse, context, deployment, ct);
    }
}

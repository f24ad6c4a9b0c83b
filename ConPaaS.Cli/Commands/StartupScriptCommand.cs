using System.CommandLine;
using System.Text;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>Uploads the script every new node runs before its roles start; without a file, shows the current one.</summary>
public sealed class StartupScriptCommand : CpsCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The service's id or name." };
    private readonly Argument<FileInfo?> _file = new("file")
    {
        Description = "The script (run with bash on every new node); left out, the current script is printed.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public StartupScriptCommand() : base("startup_script", "Set the script every new node of a service runs before its roles start.")
    {
        Add(_service);
        Add(_file);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);
        var path = $"services/{service.Id}/startup-script";
        if (parse.GetValue(_file) is not { } file)
        {
            await context.Output.WriteAsync(await context.Portal.GetTextAsync(path, ct));
            return;
        }

        var script = await Files.ReadTextAsync(file, ct);
        await context.Portal.SendContentAsync<ServiceDto>(HttpMethod.Put, path, new StringContent(script, Encoding.UTF8, "text/plain"), ct);
        context.Output.WriteLine($"Service {service.Id} '{service.Name}' has a new startup script ({Encoding.UTF8.GetByteCount(script)} bytes); nodes created from now on run it.");
    }
}

using System.CommandLine;
using System.Net.Http.Headers;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>The original's <c>upload_bot</c>: a bag of tasks to a TaskFarm service, which starts sampling it.</summary>
public sealed class UploadBotCommand : OutputCommand
{
    private readonly Argument<string> _service = new("service") { Description = "The taskfarm service's id or name." };
    private readonly Argument<FileInfo> _file = new("file") { Description = "The bag: one shell command a line; blank lines and # comments are skipped." };
    private readonly Option<bool> _demo = new("--demo") { Description = "Simulate the bag (the original's DEMO mode): fictional progress and money, no machines." };
    private readonly Option<bool> _wait = new("--wait") { Description = "Wait until sampling is over and the schedules are ready, showing progress on standard error." };

    public UploadBotCommand() : base("upload_bot", "Upload a bag of tasks to a taskfarm service; it samples the bag, then offers schedules ('cps schedules').")
    {
        Add(_service);
        Add(_file);
        Add(_demo);
        Add(_wait);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var file = parse.GetRequiredValue(_file);
        await using var bag = Files.OpenRead(file);
        var service = await Lookup.ServiceAsync(context.Portal, parse.GetRequiredValue(_service), ct);

        var content = new StreamContent(bag, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var demo = parse.GetValue(_demo) ? "?demo=true" : "";
        var farm = await context.Portal.SendContentAsync<TaskFarmProgressDto>(HttpMethod.Post, $"services/{service.Id}/bag{demo}", content, ct);
        if (parse.GetValue(_wait))
            farm = await new FarmWatcher(context.Portal, context.Error).WaitAsync(service.Id, farm, ct);
        Show(parse, context, farm, (output, f) => output.WriteLine(f.Phase switch
        {
            "Ready" => $"{FarmWatcher.Describe(f).TrimEnd('.')}. Pick a schedule: 'cps schedules {service.Id}', then 'cps select_schedule {service.Id} N'.",
            "TooSmall" => $"{FarmWatcher.Describe(f)} Run it as it is with 'cps select_schedule {service.Id} --run-directly'.",
            _ => $"Uploaded {file.Name} ({f.TaskCount} tasks) to service {service.Id} '{service.Name}'. {FarmWatcher.Describe(f)}.",
        }));
    }
}

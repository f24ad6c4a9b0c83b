using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Tests.Clouds.Fakes;

/// <summary>
/// An HTTP server on a loopback port that speaks OpenNebula's XML-RPC (<c>one.vm.allocate</c>,
/// <c>one.vm.info</c>, <c>one.vm.action</c>, <c>one.vmpool.info</c>), parsing requests with its own few lines of
/// XLinq (not the client's code) and answering [success, result, error code] as OpenNebula does. A VM boots by
/// running the USER_DATA of its CONTEXT. It also serves the agent package.
/// </summary>
public sealed partial class FakeOpenNebulaServer : IAsyncDisposable
{
    public const string UserName = "oneadmin";
    public const string Password = "fake-one-password";
    private const int AuthenticationError = 0x0100;
    private const int NoSuchObject = 0x0400;

    private readonly WebApplication _app;

    public FakeOpenNebulaServer(FakeMachines machines, Func<Task<string>> agentPackagePath)
    {
        Machines = machines;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/agent/conpaas-agent.tar.gz", async () => Results.File(await agentPackagePath(), "application/gzip"));
        _app.MapPost("/RPC2", (Delegate)HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Urls.Single();
    }

    public string Url { get; }

    public FakeMachines Machines { get; }

    /// <summary>The templates <c>one.vm.allocate</c> received.</summary>
    public List<string> Templates { get; } = [];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var call = XDocument.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()).Root!;
        var method = call.Element("methodName")!.Value;
        var parameters = call.Element("params")!.Elements("param").Select(p => p.Element("value")!).ToList();
        if (Text(parameters[0]) != $"{UserName}:{Password}")
            return Answer(false, new XElement("string", $"[{method}] User couldn't be authenticated, aborting call."), AuthenticationError);
        return method switch
        {
            "one.vm.allocate" => Allocate(Text(parameters[1])),
            "one.vm.info" => Info(Number(parameters[1])),
            "one.vm.action" => Action(Text(parameters[1]), Number(parameters[2])),
            "one.vmpool.info" => Answer(true, new XElement("string", new XElement("VM_POOL", Machines.All.Where(m => m.State != FakeMachineState.Terminated).Select(Vm)).ToString())),
            _ => Answer(false, new XElement("string", $"Unknown method {method}"), 0x1000),
        };
    }

    private IResult Allocate(string template)
    {
        lock (Templates)
            Templates.Add(template);
        var attributes = Attribute().Matches(template).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var userData = Encoding.UTF8.GetString(Convert.FromBase64String(UserData().Match(template).Groups[1].Value));
        var machine = Machines.Launch("", attributes.GetValueOrDefault("CONPAAS_INSTANCE_TYPE", ""), userData, attributes);
        return Answer(true, new XElement("i4", machine.Id));
    }

    private IResult Info(int id) =>
        Machines.TryGet(id.ToString(CultureInfo.InvariantCulture), out var machine)
            ? Answer(true, new XElement("string", Vm(machine).ToString()))
            : Answer(false, new XElement("string", $"[one.vm.info] Error getting virtual machine [{id}]."), NoSuchObject);

    private IResult Action(string action, int id)
    {
        if (!Machines.TryGet(id.ToString(CultureInfo.InvariantCulture), out _))
            return Answer(false, new XElement("string", $"[one.vm.action] Error getting virtual machine [{id}]."), NoSuchObject);
        if (action is not ("terminate" or "terminate-hard"))
            return Answer(false, new XElement("string", $"Unknown action {action}"), 0x0800);
        Machines.Terminate(id.ToString(CultureInfo.InvariantCulture));
        return Answer(true, new XElement("i4", id));
    }

    /// <summary>STATE 3 + LCM_STATE 3 is RUNNING; 6 is DONE.</summary>
    private static XElement Vm(FakeMachine machine) => new("VM",
        new XElement("ID", machine.Id),
        new XElement("NAME", $"conpaas-{machine.Tags.GetValueOrDefault("CONPAAS_NODE")}"),
        new XElement("STATE", machine.State == FakeMachineState.Terminated ? 6 : 3),
        new XElement("LCM_STATE", machine.State == FakeMachineState.Terminated ? 0 : 3),
        new XElement("STIME", machine.LaunchedAt.ToUnixTimeSeconds()),
        new XElement("TEMPLATE", machine.Address is null ? null : new XElement("NIC", new XElement("IP", machine.Address), new XElement("NETWORK_ID", 0))),
        new XElement("USER_TEMPLATE", machine.Tags.Where(t => t.Key.StartsWith("CONPAAS_", StringComparison.Ordinal)).Select(t => new XElement(t.Key, t.Value))));

    private static IResult Answer(bool success, XElement result, int code = 0) => Results.Text(
        new XDocument(new XElement("methodResponse", new XElement("params", new XElement("param", new XElement("value",
            new XElement("array", new XElement("data",
                new XElement("value", new XElement("boolean", success ? 1 : 0)),
                new XElement("value", result),
                new XElement("value", new XElement("i4", code)))))))))
            .ToString(),
        "text/xml", Encoding.UTF8);

    private static string Text(XElement value) => value.Element("string")?.Value ?? value.Value;

    private static int Number(XElement value) => int.Parse((value.Element("i4") ?? value.Element("int"))!.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("^(CONPAAS_[A-Z_]+)=\"([^\"]*)\"", RegexOptions.Multiline)]
    private static partial Regex Attribute();

    [GeneratedRegex("USER_DATA=\"([A-Za-z0-9+/=]+)\"")]
    private static partial Regex UserData();
}

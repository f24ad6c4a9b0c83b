using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Tests.Clouds.Fakes;

/// <summary>
/// An HTTP server on a loopback port that speaks the part of the EC2 Query API the driver uses (RunInstances,
/// DescribeInstances with filters, TerminateInstances, CreateTags), answering the XML the real SDK parses, with
/// EC2's error codes on demand. It also serves the agent package, as the portal does, so the user-data's
/// download is real. Requests signed with another access key get AuthFailure.
/// </summary>
public sealed class FakeEc2Server : IAsyncDisposable
{
    public const string AccessKeyId = "AKIAFAKEFAKEFAKE";
    private static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Action, string Code, int Status)> _failures = new();
    private int _agentDownloads;

    public FakeEc2Server(FakeMachines machines, Func<Task<string>> agentPackagePath)
    {
        Machines = machines;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/agent/conpaas-agent.tar.gz", async () =>
        {
            Interlocked.Increment(ref _agentDownloads);
            return Results.File(await agentPackagePath(), "application/gzip");
        });
        _app.MapPost("/", (Delegate)HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Urls.Single();
    }

    public string Url { get; }

    public FakeMachines Machines { get; }

    /// <summary>How often the agent package was downloaded (by booting machines or an image build).</summary>
    public int AgentDownloads => Volatile.Read(ref _agentDownloads);

    /// <summary>Every action received, in order (retries included).</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="action"/> fail with the EC2 error <paramref name="code"/>.</summary>
    public void FailNext(string action, string code, int times = 1, int status = 400)
    {
        for (var i = 0; i < times; i++)
            _failures.Enqueue((action, code, status));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var action = form["Action"].ToString();
        Calls.Enqueue(action);
        if (!context.Request.Headers.Authorization.ToString().Contains($"Credential={AccessKeyId}/", StringComparison.Ordinal))
            return Error("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
        if (_failures.TryPeek(out var failure) && failure.Action == action && _failures.TryDequeue(out failure))
            return Error(failure.Code, $"Injected {failure.Code}.", failure.Status);
        return action switch
        {
            "RunInstances" => RunInstances(form),
            "DescribeInstances" => DescribeInstances(form),
            "TerminateInstances" => TerminateInstances(form),
            "CreateTags" => CreateTags(form),
            _ => Error("InvalidAction", $"The action {action} is not valid for this web service.", 400),
        };
    }

    private IResult RunInstances(IFormCollection form)
    {
        if (!form["ImageId"].ToString().StartsWith("ami-", StringComparison.Ordinal))
            return Error("InvalidAMIID.Malformed", $"Invalid id: \"{form["ImageId"]}\"", 400);
        var tags = new Dictionary<string, string>();
        for (var i = 1; form.ContainsKey($"TagSpecification.1.Tag.{i}.Key"); i++)
            tags[form[$"TagSpecification.1.Tag.{i}.Key"].ToString()] = form[$"TagSpecification.1.Tag.{i}.Value"].ToString();
        var userData = Encoding.UTF8.GetString(Convert.FromBase64String(form["UserData"].ToString()));
        var machine = Machines.Launch("i-0fake", form["InstanceType"].ToString(), userData, tags);
        machine.Tags["fake:market"] = form["InstanceMarketOptions.MarketType"].ToString() is { Length: > 0 } market ? market : "on-demand";
        return Xml(new XElement(Ec2 + "RunInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid()),
            new XElement(Ec2 + "reservationId", $"r-{machine.Number}"),
            new XElement(Ec2 + "ownerId", "123456789012"),
            new XElement(Ec2 + "instancesSet", InstanceItem(machine, pending: true))));
    }

    private IResult DescribeInstances(IFormCollection form)
    {
        var ids = Indexed(form, "InstanceId");
        var filters = new List<(string Name, List<string> Values)>();
        for (var i = 1; form.ContainsKey($"Filter.{i}.Name"); i++)
            filters.Add((form[$"Filter.{i}.Name"].ToString(), Indexed(form, $"Filter.{i}.Value")));
        foreach (var id in ids.Where(id => !Machines.TryGet(id, out _)))
            return Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist", 400);
        var selected = Machines.All
            .Where(m => ids.Count == 0 || ids.Contains(m.Id))
            .Where(m => filters.All(filter => Matches(m, filter.Name, filter.Values)))
            .ToList();
        return Xml(new XElement(Ec2 + "DescribeInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid()),
            new XElement(Ec2 + "reservationSet", selected.Select(machine => new XElement(Ec2 + "item",
                new XElement(Ec2 + "reservationId", $"r-{machine.Number}"),
                new XElement(Ec2 + "ownerId", "123456789012"),
                new XElement(Ec2 + "instancesSet", InstanceItem(machine, pending: false)))))));
    }

    private IResult TerminateInstances(IFormCollection form)
    {
        var ids = Indexed(form, "InstanceId");
        foreach (var id in ids.Where(id => !Machines.TryGet(id, out _)))
            return Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist", 400);
        foreach (var id in ids)
            Machines.Terminate(id);
        return Xml(new XElement(Ec2 + "TerminateInstancesResponse",
            new XElement(Ec2 + "requestId", Guid.NewGuid()),
            new XElement(Ec2 + "instancesSet", ids.Select(id => new XElement(Ec2 + "item",
                new XElement(Ec2 + "instanceId", id),
                new XElement(Ec2 + "currentState", new XElement(Ec2 + "code", 32), new XElement(Ec2 + "name", "shutting-down")),
                new XElement(Ec2 + "previousState", new XElement(Ec2 + "code", 16), new XElement(Ec2 + "name", "running")))))));
    }

    private IResult CreateTags(IFormCollection form)
    {
        foreach (var id in Indexed(form, "ResourceId"))
        {
            if (!Machines.TryGet(id, out var machine))
                return Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist", 400);
            for (var i = 1; form.ContainsKey($"Tag.{i}.Key"); i++)
                machine.Tags[form[$"Tag.{i}.Key"].ToString()] = form[$"Tag.{i}.Value"].ToString();
        }
        return Xml(new XElement(Ec2 + "CreateTagsResponse", new XElement(Ec2 + "requestId", Guid.NewGuid()), new XElement(Ec2 + "return", "true")));
    }

    /// <summary>A machine "lives" as soon as it is launched; RunInstances still answers pending, as EC2 does.</summary>
    private static XElement InstanceItem(FakeMachine machine, bool pending)
    {
        var (code, name) = pending ? (0, "pending") : machine.State switch
        {
            FakeMachineState.Running => (16, "running"),
            FakeMachineState.Terminated => (48, "terminated"),
            _ => (0, "pending"),
        };
        return new XElement(Ec2 + "item",
            new XElement(Ec2 + "instanceId", machine.Id),
            new XElement(Ec2 + "imageId", "ami-fake"),
            new XElement(Ec2 + "instanceState", new XElement(Ec2 + "code", code), new XElement(Ec2 + "name", name)),
            new XElement(Ec2 + "instanceType", machine.InstanceType),
            new XElement(Ec2 + "launchTime", machine.LaunchedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            machine.Address is null || machine.State == FakeMachineState.Terminated ? null : new XElement(Ec2 + "privateIpAddress", machine.Address),
            new XElement(Ec2 + "tagSet", machine.Tags.Select(tag => new XElement(Ec2 + "item", new XElement(Ec2 + "key", tag.Key), new XElement(Ec2 + "value", tag.Value)))));
    }

    private static bool Matches(FakeMachine machine, string filter, List<string> values)
    {
        if (filter == "instance-state-name")
            return values.Contains(machine.State switch { FakeMachineState.Running => "running", FakeMachineState.Terminated => "terminated", _ => "pending" });
        if (filter.StartsWith("tag:", StringComparison.Ordinal))
            return machine.Tags.TryGetValue(filter[4..], out var value) && values.Contains(value);
        throw new InvalidOperationException($"The fake does not know the filter {filter}.");
    }

    private static List<string> Indexed(IFormCollection form, string prefix)
    {
        var values = new List<string>();
        for (var i = 1; form.TryGetValue($"{prefix}.{i}", out var value); i++)
            values.Add(value.ToString());
        return values;
    }

    private static IResult Xml(XElement body) => Results.Text(new XDocument(body).ToString(), "text/xml", Encoding.UTF8);

    private static IResult Error(string code, string message, int status) => Results.Text(
        new XDocument(new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", code), new XElement("Message", message))),
            new XElement("RequestID", Guid.NewGuid()))).ToString(),
        "text/xml", Encoding.UTF8, status);
}

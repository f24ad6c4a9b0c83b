using System.Globalization;
using System.Text;
using System.Xml.Linq;
using ConPaaS.Infrastructure.Clouds.Vm;

namespace ConPaaS.Infrastructure.Clouds.OpenNebula;

/// <summary>
/// Nodes on OpenNebula through its XML-RPC API: <c>one.vm.allocate</c> with the cloud's template, our marks
/// (<c>CONPAAS_*</c> attributes) and the user-data in the contextualisation, <c>one.vm.info</c> until it runs
/// with an address, <c>one.vm.action terminate</c>. The session string (user:password) is never logged.
/// </summary>
public sealed class OpenNebulaCloud : VmCloud, IDisposable
{
    public const string DriverName = "opennebula";

    private const int AuthenticationError = 0x0100;
    private const int AuthorizationError = 0x0200;
    private const int NoSuchObject = 0x0400;
    private const int ActiveStateCode = 3;
    private const int RunningLcmStateCode = 3;

    private readonly OpenNebulaCloudOptions _options;
    private readonly HttpClient _http;
    private readonly XmlRpcClient _rpc;

    public OpenNebulaCloud(CloudOptions cloud, VmCloudServices services) : base(cloud, cloud.OpenNebula.Bootstrap, services)
    {
        _options = cloud.OpenNebula;
        if (!Uri.TryCreate(_options.Endpoint, UriKind.Absolute, out var endpoint))
            throw new ArgumentException($"The OpenNebula cloud '{cloud.Name}' needs an Endpoint (its XML-RPC address, e.g. http://one:2633/RPC2).", nameof(cloud));
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _rpc = new XmlRpcClient(_http, endpoint);
    }

    public override string Driver => DriverName;

    private string Session => $"{_options.UserName}:{_options.Password}";

    protected override async Task<string> LaunchAsync(VmLaunch launch, CancellationToken cancellationToken)
    {
        var template = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"NAME=\"conpaas-{launch.Spec.NodeId}\"")
            .AppendLine(_options.Template)
            .AppendLine(_options.InstanceTypeTemplates.GetValueOrDefault(launch.InstanceType, ""))
            .AppendLine(CultureInfo.InvariantCulture, $"{OpenNebulaMarks.Installation}=\"{launch.InstallationId}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"{OpenNebulaMarks.Node}=\"{launch.Spec.NodeId}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"{OpenNebulaMarks.Roles}=\"{Escape(string.Join(',', launch.Spec.Roles))}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"{OpenNebulaMarks.Service}=\"{launch.Spec.ServiceId}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"{OpenNebulaMarks.InstanceType}=\"{Escape(launch.InstanceType)}\"")
            .AppendLine(CultureInfo.InvariantCulture,
                $"CONTEXT=[ NETWORK=\"YES\", USERDATA_ENCODING=\"base64\", USER_DATA=\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(launch.UserData))}\" ]")
            .ToString();
        var id = await CallAsync("one.vm.allocate", [Session, template, false], launch.Spec.NodeId, cancellationToken);
        return Convert.ToString(id, CultureInfo.InvariantCulture) ?? "";
    }

    protected override async Task<VmInstance> DescribeAsync(string instanceId, string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            var xml = await CallAsync("one.vm.info", [Session, ParseId(instanceId)], nodeId, cancellationToken);
            return ToVmInstance(XElement.Parse(Convert.ToString(xml, CultureInfo.InvariantCulture) ?? "<VM/>"));
        }
        catch (CloudException error) when (error.InnerException is OpenNebulaFault { Code: NoSuchObject })
        {
            return new VmInstance(instanceId, nodeId, VmState.Gone, null, "", [], DateTimeOffset.UtcNow, "OpenNebula no longer knows the VM");
        }
    }

    protected override async Task TerminateInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("one.vm.action", [Session, "terminate-hard", ParseId(instanceId)], null, cancellationToken);
        }
        catch (CloudException error) when (error.InnerException is OpenNebulaFault { Code: NoSuchObject })
        {
            // Already gone.
        }
    }

    protected override async Task<IReadOnlyList<VmInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        // -3: the connected user's VMs; -1, -1: all ids; -1: every state but DONE.
        var xml = await CallAsync("one.vmpool.info", [Session, -3, -1, -1, -1], null, cancellationToken);
        return XElement.Parse(Convert.ToString(xml, CultureInfo.InvariantCulture) ?? "<VM_POOL/>")
            .Elements("VM")
            .Where(vm => UserAttribute(vm, OpenNebulaMarks.Installation) == InstallationId)
            .Select(ToVmInstance)
            .Where(vm => vm.State != VmState.Gone && vm.NodeId.Length > 0)
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private VmInstance ToVmInstance(XElement vm)
    {
        var state = int.Parse(vm.Element("STATE")?.Value ?? "-1", CultureInfo.InvariantCulture);
        var lcm = int.Parse(vm.Element("LCM_STATE")?.Value ?? "0", CultureInfo.InvariantCulture);
        var vmState = state switch
        {
            ActiveStateCode when lcm == RunningLcmStateCode => VmState.Running,
            0 or 1 or 2 or ActiveStateCode or 10 => VmState.Pending,
            _ => VmState.Gone,
        };
        var started = long.TryParse(vm.Element("STIME")?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UtcNow;
        var address = vm.Element("TEMPLATE")?.Elements("NIC").Select(nic => nic.Element("IP")?.Value).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));
        return new VmInstance(
            vm.Element("ID")?.Value ?? "",
            UserAttribute(vm, OpenNebulaMarks.Node) ?? "",
            vmState,
            address,
            UserAttribute(vm, OpenNebulaMarks.InstanceType) ?? "",
            (UserAttribute(vm, OpenNebulaMarks.Roles) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            started,
            vmState == VmState.Gone ? $"VM state {state}, LCM state {lcm}" : null);
    }

    private static string? UserAttribute(XElement vm, string name) => vm.Element("USER_TEMPLATE")?.Element(name)?.Value;

    /// <summary>An OpenNebula call answers [success, result or error text, error code]; a failure becomes a message that says what to fix.</summary>
    private async Task<object?> CallAsync(string method, IReadOnlyList<object?> parameters, string? nodeId, CancellationToken cancellationToken)
    {
        object? answer;
        try
        {
            answer = await _rpc.CallAsync(method, parameters, cancellationToken);
        }
        catch (Exception exception) when (exception is XmlRpcException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CloudException(Name, $"The OpenNebula cloud '{Name}' could not call {method}: {exception.Message}", exception) { NodeIds = nodeId is null ? [] : [nodeId] };
        }
        if (answer is not object?[] { Length: >= 2 } result || result[0] is not bool success)
            throw new CloudException(Name, $"OpenNebula answered {method} of cloud '{Name}' with something that is not [success, result].");
        if (success)
            return result[1];
        var code = result.Length > 2 && result[2] is int number ? number : 0;
        var text = Convert.ToString(result[1], CultureInfo.InvariantCulture);
        var message = code switch
        {
            AuthenticationError => $"OpenNebula refused the credentials of cloud '{Name}' ({text}). Check its UserName and Password.",
            AuthorizationError => $"OpenNebula does not allow cloud '{Name}' to do {method} ({text}). Check the user's permissions.",
            _ => $"OpenNebula refused {method} of cloud '{Name}': {text}",
        };
        throw new CloudException(Name, message, new OpenNebulaFault(code, text ?? "")) { NodeIds = nodeId is null ? [] : [nodeId] };
    }

    private static int ParseId(string instanceId) => int.Parse(instanceId, CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>OpenNebula's own error code, kept inside the <see cref="CloudException"/> so that NO_EXISTS can be told apart.</summary>
    private sealed class OpenNebulaFault(int code, string text) : Exception(text)
    {
        public int Code { get; } = code;
    }
}

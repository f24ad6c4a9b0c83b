using ConPaaS.Infrastructure.Clouds.Vm;

namespace ConPaaS.Infrastructure.Clouds.OpenNebula;

/// <summary>Settings of the <c>opennebula</c> driver (<c>ConPaaS:Clouds:N:OpenNebula</c>).</summary>
public sealed class OpenNebulaCloudOptions
{
    /// <summary>The XML-RPC endpoint, e.g. <c>http://one.example.org:2633/RPC2</c>.</summary>
    public string Endpoint { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>Secret: never logged, never shown back on the portal.</summary>
    public string Password { get; set; } = "";

    /// <summary>The VM template every node gets, e.g. <c>CPU=1 MEMORY=1024 DISK=[IMAGE_ID=7] NIC=[NETWORK_ID=0]</c>.</summary>
    public string Template { get; set; } = "";

    /// <summary>Template text added per instance type (e.g. <c>"large": "CPU=4 MEMORY=8192"</c>).</summary>
    public Dictionary<string, string> InstanceTypeTemplates { get; set; } = [];

    public VmBootstrapOptions Bootstrap { get; set; } = new();
}

using ConPaaS.Infrastructure.Agents;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Infrastructure.Clouds.Vm;

/// <summary>What every virtual-machine cloud takes from the portal: credentials, the agent build, a way to ask agents.</summary>
/// <param name="PublicUrl">The portal's address as nodes reach it (<c>ConPaaS:PublicUrl</c>), for the agent download; may be empty.</param>
public sealed record VmCloudServices(
    NodeBootstrapFactory Bootstrap,
    AgentPackage Package,
    IAgentClient Agents,
    string PublicUrl,
    ILoggerFactory Loggers,
    TimeProvider Time);

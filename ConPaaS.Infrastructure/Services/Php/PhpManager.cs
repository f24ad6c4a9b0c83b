using System.Text.Json;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Services.Php;

/// <summary>
/// PHP web hosting: an nginx proxy (the public address) over nginx web servers over php-fpm backends. A new
/// service is one node with all three roles; the first web or backend node takes that role off the proxy node,
/// and removing the last one packs it back. Every change goes bottom-up — code, backends, web servers, proxy —
/// and each step reloads gracefully, so requests in flight finish and none fails.
/// </summary>
public sealed class PhpManager(AgentCodeClient code, IOptions<ConPaaSOptions> options) : ServiceManager
{
    private const string Proxy = "proxy", Web = "web", Backend = "backend";
    private static readonly string[] RoleOrder = [Proxy, Web, Backend];

    public override ServiceType Type { get; } = ServiceTypeCatalog.Get("php");

    /// <summary>Every request comes in through the proxy; webs and backends have others beside them.</summary>
    public override IReadOnlyList<string> EssentialRoles => [Proxy];

    public override void Arrange(IReadOnlyList<Node> nodes)
    {
        var proxyNode = nodes.OrderBy(n => n.Id).FirstOrDefault(n => n.HasRole(Proxy));
        if (proxyNode is null)
            return;
        var roles = proxyNode.RoleList.ToHashSet();
        foreach (var role in new[] { Web, Backend })
        {
            if (nodes.Any(n => n != proxyNode && n.HasRole(role)))
                roles.Remove(role);
            else
                roles.Add(role);
        }
        proxyNode.SetRoles(RoleOrder.Where(roles.Contains));
    }

    public override string? PublicUrl(IReadOnlyList<Node> nodes) =>
        nodes.OrderBy(n => n.Id).FirstOrDefault(n => n.HasRole(Proxy) && n.Address is not null) is { } proxy
            ? $"http://{proxy.Address}/"
            : null;

    public override void EnsureRemovable(IReadOnlyList<Node> liveNodes, IReadOnlyList<Node> leaving)
    {
        base.EnsureRemovable(liveNodes, leaving);
        if (!liveNodes.Except(leaving).Any(n => n.HasRole(Proxy)))
            throw new Domain.Errors.ConflictException("The proxy is the service's public address; it cannot be removed while the service runs.");
    }

    public override async Task ConfigureAsync(ManagerContext context, CancellationToken cancellationToken)
    {
        var version = context.Service.ActiveCodeVersion;
        var backends = context.WithRole(Backend).ToList();
        var webs = context.WithRole(Web).ToList();
        var proxies = context.WithRole(Proxy).ToList();

        await ShipVersionAsync(context, backends.Union(webs).ToList(), version, cancellationToken);

        var sessions = Directory.CreateDirectory(Path.Combine(options.Value.ResolveDataDirectory(), "services", context.Service.Id.ToString(), "shared", "sessions")).FullName;
        var environment = await context.Services.GetRequiredService<ApplicationEnvironment>().ForAsync(context.Service, cancellationToken);
        foreach (var node in backends)
            await ConfigureAndStartAsync(context, node, AgentPhpRoles.Backend,
                Settings(new PhpBackendRoleSettings(version, environment, sessions, webs.Select(w => w.Address!).ToList())), cancellationToken);
        foreach (var node in webs)
            await ConfigureAndStartAsync(context, node, AgentPhpRoles.Web,
                Settings(new PhpWebRoleSettings(version, backends.Select(b => $"{b.Address}:{AgentPhpRoles.BackendPort}").ToList())), cancellationToken);
        foreach (var node in proxies)
            await ConfigureAndStartAsync(context, node, AgentPhpRoles.Proxy,
                Settings(new PhpProxyRoleSettings(webs.Select(w => $"{w.Address}:{AgentPhpRoles.WebPort}").ToList())), cancellationToken);

        // Roles a node no longer carries stop last, once the others no longer send it traffic.
        foreach (var node in context.Nodes)
        {
            foreach (var role in RoleOrder.Where(r => !node.HasRole(r)))
                await context.Agents.StopRoleAsync(ManagerContext.Endpoint(node), AgentRole(role), cancellationToken);
        }
    }

    /// <summary>Every node that serves code gets the version before any role is switched to it.</summary>
    private async Task ShipVersionAsync(ManagerContext context, IReadOnlyList<Node> nodes, string version, CancellationToken cancellationToken)
    {
        if (version == AgentPhpRoles.DefaultVersion)
            return; // every node writes the welcome page itself
        var archives = context.Services.GetRequiredService<IVersionArchives>();
        var archive = Path.Combine(Path.GetTempPath(), $"conpaas-{context.Service.Id}-{version}-{Guid.NewGuid():N}.zip");
        try
        {
            foreach (var node in nodes)
            {
                var agent = ManagerContext.Endpoint(node);
                if (await code.FindCodeVersionAsync(agent, version, cancellationToken) is not null)
                    continue;
                if (!File.Exists(archive))
                {
                    await using var file = File.Create(archive);
                    await archives.WriteZipAsync(context.Service.Id, version, file, cancellationToken);
                }
                await code.UploadCodeFileAsync(agent, version, archive, cancellationToken);
            }
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static JsonElement Settings<T>(T settings) => JsonSerializer.SerializeToElement(settings, JsonSerializerOptions.Web);
}

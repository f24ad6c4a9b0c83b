using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Nodes;

/// <summary>The original's <c>get_agent_log</c>: a node's log files, read through its agent, for the node's owner only.</summary>
public sealed class NodeLogs(IDbContextFactory<PortalDbContext> dbFactory, IAgentClient agents)
{
    public const int MaxTailLines = 5000;

    public async Task<IReadOnlyList<LogFileDto>> ListAsync(Caller caller, int serviceId, int nodeId, CancellationToken ct = default)
    {
        var agent = await AgentOfAsync(caller, serviceId, nodeId, ct);
        var files = await Call(() => agents.ListLogsAsync(agent, ct));
        return files.Select(f => new LogFileDto(f.Name, f.Length, f.LastWriteTime)).ToList();
    }

    public async Task<LogContentDto> TailAsync(Caller caller, int serviceId, int nodeId, string file, int lines, CancellationToken ct = default)
    {
        if (lines is < 1 or > MaxTailLines)
            throw new InvalidInputException("tail", $"Ask for 1 to {MaxTailLines} lines.");
        var agent = await AgentOfAsync(caller, serviceId, nodeId, ct);
        var content = await Call(() => agents.ReadLogTailAsync(agent, file, lines, ct));
        return new LogContentDto(content.Name, content.Offset, content.Length, content.FileLength, content.Text);
    }

    private async Task<AgentEndpoint> AgentOfAsync(Caller caller, int serviceId, int nodeId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.GetOwnedServiceAsync(caller, serviceId, ct);
        var node = await db.Nodes.SingleOrDefaultAsync(n => n.Id == nodeId && n.ServiceId == serviceId, ct)
            ?? throw new NotFoundException("Node", nodeId);
        if (node.State == NodeState.Terminated || node.Address is null)
            throw new ConflictException($"Node {nodeId} is {node.State}; its logs went with it.");
        return ManagerContext.Endpoint(node);
    }

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AgentCallFailedException failure) when (failure.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new NotFoundException("Log file", "of that name");
        }
        catch (AgentException failure)
        {
            throw new ConflictException($"The node's agent did not answer: {failure.Message}");
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using ConPaaS.Domain.Agents;
using ConPaaS.Domain.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The taskfarm worker's calls beyond configure/start/stop: submit tasks, collect results, read a task's
/// output. Shares the agent client's mutual-TLS connections and retry rules. Both calls are idempotent
/// (a task id is run once however often it is submitted; results are read after a sequence number).
/// </summary>
public sealed class AgentTaskFarmClient : AgentServiceClient
{
    public const string WorkerRole = "taskfarm-worker";

    internal AgentTaskFarmClient(AgentConnections connections, AgentClientOptions options, ILogger logger)
        : base(connections, options, logger)
    {
    }

    public static AgentTaskFarmClient Create(IServiceProvider services) => new(
        services.GetRequiredService<AgentConnections>(),
        services.GetRequiredService<IOptions<AgentClientOptions>>().Value,
        services.GetRequiredService<ILogger<AgentTaskFarmClient>>());

    public Task<WorkerResults> SubmitAsync(AgentEndpoint worker, IReadOnlyList<WorkerTask> tasks, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkerResults>(worker, HttpMethod.Post, AgentRoutes.TaskFarmTasks, new WorkerSubmitRequest(tasks), cancellationToken);

    public Task<WorkerResults> ResultsAsync(AgentEndpoint worker, long after, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkerResults>(worker, HttpMethod.Get, $"{AgentRoutes.TaskFarmResults}?after={after}", null, cancellationToken);

    /// <summary>Stops a task on <paramref name="worker"/> (another copy won); idempotent.</summary>
    public Task<WorkerResults> CancelAsync(AgentEndpoint worker, int task, CancellationToken cancellationToken = default) =>
        SendJsonAsync<WorkerResults>(worker, HttpMethod.Post,
            AgentRoutes.TaskFarmCancel.Replace("{id}", task.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), null, cancellationToken);

    /// <summary>
    /// Every task output of <paramref name="worker"/> (a gzipped tar of <c>&lt;task id&gt;/stdout|stderr</c>) into
    /// <paramref name="destination"/>; an archive cut off on the way raises, never a silently short file.
    /// </summary>
    public Task DownloadOutputsAsync(AgentEndpoint worker, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = AgentRoutes.TaskFarmOutputs;
        var connection = Connections.For(worker.NodeId);
        return AgentCallErrors.TranslateAsync(worker, HttpMethod.Get, path, connection, async () =>
        {
            using var response = await Resilience.Idempotent.ExecuteAsync(
                async token => await connection.Http.GetAsync(new Uri(worker.BaseUri, path), HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new AgentCallFailedException(worker.NodeId, $"Node {worker.NodeId} answered GET {path} with {(int)response.StatusCode}.", response.StatusCode);
            await response.Content.CopyToAsync(destination, cancellationToken);
            return true;
        });
    }

    /// <summary>The whole stdout of a task that ran on <paramref name="worker"/>.</summary>
    public Task<string> OutputAsync(AgentEndpoint worker, int task, CancellationToken cancellationToken = default)
    {
        var path = AgentRoutes.TaskFarmOutput.Replace("{id}", task.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var connection = Connections.For(worker.NodeId);
        return AgentCallErrors.TranslateAsync(worker, HttpMethod.Get, path, connection, async () =>
        {
            using var response = await Resilience.Idempotent.ExecuteAsync(
                async token => await connection.Http.GetAsync(new Uri(worker.BaseUri, path), token), cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new AgentCallFailedException(worker.NodeId, $"Node {worker.NodeId} answered GET {path} with {(int)response.StatusCode}.", response.StatusCode);
            return await response.Content.ReadAsStringAsync(cancellationToken);
        });
    }
}

public static class AgentTaskFarmClientRegistration
{
    public static IServiceCollection AddAgentTaskFarmClient(this IServiceCollection services)
    {
        services.TryAddSingleton(AgentTaskFarmClient.Create);
        return services;
    }
}

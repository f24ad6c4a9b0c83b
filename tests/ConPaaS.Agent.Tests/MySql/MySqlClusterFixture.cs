using ConPaaS.Domain.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.MySql;

/// <summary>A master and two replicas, started once for a test class (starting MariaDB three times is the slow part).</summary>
public sealed class MySqlClusterFixture : IAsyncLifetime
{
    public MySqlNodes Nodes { get; } = new();

    public CloudNode Master { get; private set; } = null!;

    public CloudNode Replica1 { get; private set; } = null!;

    public CloudNode Replica2 { get; private set; } = null!;

    public Task InitializeAsync() => Nodes.SetUpAsync(StartClusterAsync);

    public async Task DisposeAsync() => await Nodes.DisposeAsync();

    private async Task StartClusterAsync()
    {
        var nodes = await Nodes.CreateNodesAsync("db-master", "db-replica-1", "db-replica-2");
        (Master, Replica1, Replica2) = (nodes[0], nodes[1], nodes[2]);
        // A replica copies the master's data as it is when the replica starts: write something first, so the
        // copy is more than the empty system tables.
        Expect(await Nodes.StartMasterAsync(Master));
        await Nodes.ExecuteAsync(Master, "CREATE DATABASE seeded; CREATE TABLE seeded.t (id INT PRIMARY KEY); INSERT INTO seeded.t VALUES (1), (2);");
        var replicas = await Task.WhenAll(Nodes.StartReplicaAsync(Replica1, Master), Nodes.StartReplicaAsync(Replica2, Master));
        foreach (var status in replicas)
            Expect(status);
    }

    private static void Expect(RoleStatus status)
    {
        if (status.State != AgentRoleState.Running)
            throw new InvalidOperationException($"Role {status.Name} is {status.State}: {status.Detail}");
    }
}

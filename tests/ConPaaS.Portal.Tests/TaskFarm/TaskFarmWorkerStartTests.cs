using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConPaaS.Portal.Tests.TaskFarm.FarmApi;

namespace ConPaaS.Portal.Tests.TaskFarm;

/// <summary>
/// New workers that fail to start, or take long to, on real agents. The service's startup script (run on every
/// new worker before its role starts) lets the test decide, with files: while a failure token is left, a start
/// takes one and fails; after that, a start waits until the test opens the gate.
/// </summary>
public sealed class TaskFarmWorkerStartTests(TwoTypeFarmPortal portal) : IClassFixture<TwoTypeFarmPortal>
{
    private const int Tasks = 240;
    private const int FailedStarts = 2;

    [Fact]
    public async Task Workers_that_fail_to_start_are_replaced_and_a_start_that_waits_holds_up_no_other_worker()
    {
        var user = await ApiUser.SignUpAsync(portal, "farm-starts");
        var service = await StartedFarmAsync(user);
        await UploadAsync(user, service.Id, string.Concat(Enumerable.Range(0, Tasks).Select(i => $"sleep 1; echo {i}\n")));
        await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Ready", 300, "sampling ends");

        // The sampling workers are up: only the workers the execution starts run the script.
        // In the service's shared folder: the one folder of the portal's that its (isolated) nodes see, as their user.
        var gate = Directory.CreateDirectory(Path.Combine(portal.DataDirectory, "services", $"{service.Id}", "shared", "start-gate")).FullName;
        File.SetUnixFileMode(gate, (UnixFileMode)0b111_111_111);
        for (int i = 0; i < FailedStarts; i++)
            await File.WriteAllTextAsync(Path.Combine(gate, $"fail.{i}"), "");
        var script = await user.Http.PutAsync($"/api/v1/services/{service.Id}/startup-script", new StringContent(Script(gate)));
        Assert.True(script.IsSuccessStatusCode, await script.Content.ReadAsStringAsync());
        await ExecuteFastestAsync(user, service.Id);
        try
        {
            // Without its large sampling worker the plan is behind whatever schedule was chosen: it must get machines.
            var busy = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
                p => p.Workers.Any(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0), 120, "a large worker runs tasks");
            KillAgent(portal, busy.Workers.First(w => w.InstanceType == "large" && w.State == "Running" && w.TasksRunning > 0).NodeId);

            // The failed starts were followed by more: one now waits at the gate...
            var waiting = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
                _ => Directory.GetFiles(gate, "waiting.*").Length > 0, 300, "a start after the failed ones waits at the gate");
            // ... and meanwhile the farm goes on: results are collected and tasks handed out on the other workers.
            var progressed = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id),
                p => p.Completed >= Math.Min(Tasks, waiting.Completed + 5), 120, "tasks finish while a new worker starts");
            Assert.Contains(progressed.Workers, w => w.State == "Starting");
        }
        finally
        {
            await File.WriteAllTextAsync(Path.Combine(gate, "open"), "");
        }

        var done = await ServiceWaits.EventuallyAsync(() => ProgressAsync(user, service.Id), p => p.Phase == "Done", 300, "the bag finishes");
        Assert.Equal(Tasks, done.Completed);
        Assert.Equal(0, done.Failed);
        var outputs = await OutputsAsync(user, service.Id);
        Assert.Equal(Enumerable.Range(0, Tasks), outputs.Select(o => o.Task));

        // Each failed start says why on its node, and a worker started after them came up and ran tasks.
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var failed = await db.Nodes.Where(n => n.ServiceId == service.Id && n.StateReason != null && n.StateReason.Contains("startup script exited with code 7"))
            .Select(n => n.Id).ToListAsync();
        Assert.Equal(FailedStarts, failed.Count);
        Assert.True(done.Workers.Any(w => w.NodeId > failed.Max() && outputs.Any(o => o.NodeId == w.NodeId)),
            $"No worker started after the failed ones ran tasks. Workers: {string.Join("; ", done.Workers)}\n{portal.Log.Tail(200)}");

        await StopAsync(user, service.Id);
    }

    /// <summary>Takes a failure token and fails, or waits for the gate (at most five minutes, so nothing hangs).</summary>
    private static string Script(string gate) => $$"""
        gate='{{gate}}'
        for token in "$gate"/fail.*; do
          if rm "$token" 2>/dev/null; then echo "this start fails on purpose"; exit 7; fi
        done
        touch "$gate/waiting.$$"
        for i in $(seq 600); do
          [ -e "$gate/open" ] && exit 0
          sleep 0.5
        done
        exit 9
        """;
}

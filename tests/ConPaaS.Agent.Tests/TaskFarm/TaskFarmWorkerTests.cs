using ConPaaS.Domain.Agents;
using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Tests.Clouds;

namespace ConPaaS.Agent.Tests.TaskFarm;

/// <summary>The taskfarm-worker role on a real agent process, running real bash tasks.</summary>
public sealed class TaskFarmWorkerTests : IAsyncLifetime
{
    private readonly LocalCloudSandbox _sandbox = new();
    private CloudNode _node = null!;
    private AgentTaskFarmClient _farm = null!;

    public async Task InitializeAsync()
    {
        try
        {
            _node = (await _sandbox.Cloud.CreateNodesAsync([new NodeSpec("farm-worker", ["worker"])])).Single();
            _farm = AgentTaskFarmClient.Create(_sandbox.Portal);
            await _sandbox.Client.ConfigureRoleAsync(_node.Agent, AgentTaskFarmClient.WorkerRole, new WorkerRoleSettings(2, 2));
            var status = await _sandbox.Client.StartRoleAsync(_node.Agent, AgentTaskFarmClient.WorkerRole);
            Assert.Equal(AgentRoleState.Running, status.State);
        }
        catch
        {
            // xunit does not dispose a class whose set-up failed: the node goes now.
            await _sandbox.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    /// <summary>Every result so far, once there are <paramref name="count"/> of them (or after a minute: the asserts say what is missing).</summary>
    private async Task<WorkerResults> ResultsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        WorkerResults answer;
        do
        {
            await Task.Delay(100);
            answer = await _farm.ResultsAsync(_node.Agent, 0);
        }
        while (answer.Results.Count < count && DateTime.UtcNow < deadline);
        return answer;
    }

    [Fact]
    public async Task Runs_tasks_records_failures_and_timeouts_and_keeps_outputs()
    {
        await _farm.SubmitAsync(_node.Agent, [
            new WorkerTask(1, "echo $((7*7))"),
            new WorkerTask(2, "echo oops >&2; exit 3"),
            new WorkerTask(3, "sleep 30"),
            new WorkerTask(4, "echo $TASK_ID; pwd"),
            new WorkerTask(5, "sleep 0.3"),
            // As bash -c runs it from a terminal: signals at their defaults (SIGPIPE ends `yes`), $0 named after the
            // task, a process group of its own (what a timeout kills), and nothing to read on stdin.
            new WorkerTask(6, "yes | head -c1 >/dev/null; echo \"pipe ${PIPESTATUS[0]} name $0\"; set -- $(cat /proc/$$/stat); [ \"$5\" = \"$$\" ] && echo own-group; cat; echo stdin-empty"),
        ]);
        await _farm.SubmitAsync(_node.Agent, [new WorkerTask(1, "echo again")]); // a known id runs once

        var answer = await ResultsAsync(6);
        var byId = answer.Results.ToDictionary(r => r.Id);
        Assert.Equal(6, byId.Count);
        Assert.Equal((0, "49\n"), (byId[1].ExitCode, byId[1].StdoutTail));
        Assert.Equal((3, "oops\n"), (byId[2].ExitCode, byId[2].StderrTail));
        Assert.True(byId[3].TimedOut);
        Assert.Equal(124, byId[3].ExitCode);
        Assert.StartsWith("4\n", byId[4].StdoutTail);
        Assert.EndsWith("/tasks/4\n", byId[4].StdoutTail); // each task in its own folder
        Assert.Equal(2, answer.Slots);
        // The runtime the sampling phase estimates from is the task's own, not how long it waited in the queue.
        Assert.InRange(byId[5].Seconds, 0.3, 2.0);
        Assert.Equal((0, "pipe 141 name task-6\nown-group\nstdin-empty\n"), (byId[6].ExitCode, byId[6].StdoutTail));
        Assert.Equal("49\n", await _farm.OutputAsync(_node.Agent, 1));
        Assert.Empty((await _farm.ResultsAsync(_node.Agent, 6)).Results);
    }

    [Fact]
    public async Task A_timed_out_task_is_killed_with_what_it_started_and_a_task_killed_by_a_signal_does_not_stop_the_slot()
    {
        var marker = $"conpaas-orphan-{Guid.NewGuid():N}";
        await _farm.SubmitAsync(_node.Agent, [
            new WorkerTask(20, $"bash -c 'exec -a {marker} sleep 300' & sleep 300"),
            new WorkerTask(21, "echo dying >&2; kill -9 $$; sleep 1"),
            new WorkerTask(22, "echo still here"),
            new WorkerTask(23, "echo and here"),
        ]);

        var answer = await ResultsAsync(4);
        var byId = answer.Results.ToDictionary(r => r.Id);
        Assert.Equal([20, 21, 22, 23], byId.Keys.Order());
        Assert.Equal((124, true), (byId[20].ExitCode, byId[20].TimedOut));
        Assert.Equal((137, false, "dying\n"), (byId[21].ExitCode, byId[21].TimedOut, byId[21].StderrTail)); // 128 + SIGKILL, as bash's $? says
        Assert.Equal((0, "still here\n"), (byId[22].ExitCode, byId[22].StdoutTail));
        Assert.Equal((0, "and here\n"), (byId[23].ExitCode, byId[23].StdoutTail));
        // The background child of the timed-out task went with it (its process group was killed).
        Assert.DoesNotContain(System.Diagnostics.Process.GetProcesses(), p => ReadCommandLine(p.Id).Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_runs_as_an_unprivileged_user_and_cannot_read_the_nodes_key()
    {
        var key = Path.Combine(_sandbox.NodesDirectory, _node.NodeId, "certs", "node.key");
        await _farm.SubmitAsync(_node.Agent, [new WorkerTask(30, $"id -u; if cat '{key}' >/dev/null 2>&1; then echo read-the-key; else echo no-key; fi; touch made-by-the-task && echo wrote-its-folder")]);

        var result = (await ResultsAsync(1)).Results.Single(r => r.Id == 30);
        var lines = result.StdoutTail.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual("0", lines[0]);
        Assert.Equal(["no-key", "wrote-its-folder"], lines[1..]);
    }

    [Fact]
    public async Task A_link_a_task_leaves_in_place_of_its_output_is_not_followed_by_the_agent()
    {
        var key = Path.Combine(_sandbox.NodesDirectory, _node.NodeId, "certs", "node.key");
        await _farm.SubmitAsync(_node.Agent, [new WorkerTask(31, $"rm -f stdout stderr; ln -s '{key}' stdout; ln -s '{key}' stderr")]);

        var result = (await ResultsAsync(1)).Results.Single(r => r.Id == 31);
        var output = await OutputOrEmptyAsync(31);

        Assert.DoesNotContain("PRIVATE KEY", result.StdoutTail, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", result.StderrTail, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
    }

    private async Task<string> OutputOrEmptyAsync(int id)
    {
        try
        {
            return await _farm.OutputAsync(_node.Agent, id);
        }
        catch (AgentCallFailedException)
        {
            return "";
        }
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [Fact]
    public async Task A_task_that_cannot_start_fails_alone_and_the_slot_goes_on()
    {
        // A file where the task's folder should be: the folder cannot be made, as on a full or read-only disk.
        var tasks = Directory.GetDirectories(_sandbox.NodesDirectory, "tasks", SearchOption.AllDirectories).Single();
        await File.WriteAllTextAsync(Path.Combine(tasks, "40"), "in the way");
        await _farm.SubmitAsync(_node.Agent, [new WorkerTask(40, "echo never"), new WorkerTask(41, "echo fine")]);

        var answer = await ResultsAsync(2);
        var byId = answer.Results.ToDictionary(r => r.Id);
        Assert.Equal(126, byId[40].ExitCode);
        Assert.NotEmpty(byId[40].StderrTail); // says why
        Assert.Equal((0, "fine\n"), (byId[41].ExitCode, byId[41].StdoutTail));
    }

    [Fact]
    public async Task A_cancelled_task_is_killed_or_never_started_and_reported_as_cancelled()
    {
        // Tasks longer than this class's 2 s timeout, so that the cancels below surely arrive while they run.
        await _sandbox.Client.StopRoleAsync(_node.Agent, AgentTaskFarmClient.WorkerRole);
        await _sandbox.Client.ConfigureRoleAsync(_node.Agent, AgentTaskFarmClient.WorkerRole, new WorkerRoleSettings(2, 60));
        Assert.Equal(AgentRoleState.Running, (await _sandbox.Client.StartRoleAsync(_node.Agent, AgentTaskFarmClient.WorkerRole)).State);
        await _farm.SubmitAsync(_node.Agent, [
            new WorkerTask(10, "sleep 30; echo finished"),
            new WorkerTask(11, "sleep 3; echo kept"),
            new WorkerTask(12, "echo never"),
            new WorkerTask(13, "echo after"),
        ]);
        // 10 and 11 run (two slots), 12 and 13 wait. 11 runs long enough that its slot stays taken until the
        // cancels below arrive, however loaded the machine (at 0.5 s, a CI run saw 12 start before its cancel).
        await Task.Delay(300);
        // The queued one first: killing 10 frees its slot at once, which would otherwise start 12.
        await _farm.CancelAsync(_node.Agent, 12);
        await _farm.CancelAsync(_node.Agent, 10);
        await _farm.CancelAsync(_node.Agent, 99); // never submitted here: nothing happens

        var answer = await ResultsAsync(4);
        var byId = answer.Results.ToDictionary(r => r.Id);
        Assert.Equal([10, 11, 12, 13], byId.Keys.Order());
        Assert.Equal((137, false, ""), (byId[10].ExitCode, byId[10].TimedOut, byId[10].StdoutTail));
        Assert.Equal((137, "cancelled before it started"), (byId[12].ExitCode, byId[12].StderrTail));
        Assert.Equal((0, "kept\n"), (byId[11].ExitCode, byId[11].StdoutTail));
        Assert.Equal((0, "after\n"), (byId[13].ExitCode, byId[13].StdoutTail));
    }
}

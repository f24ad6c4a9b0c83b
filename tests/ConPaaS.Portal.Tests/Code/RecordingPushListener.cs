using System.Collections.Concurrent;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Code;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>Stands in for the php manager: records the versions pushes created, and deploys on push where told to.</summary>
public sealed class RecordingPushListener : ICodePushListener
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _pushed = new();

    public ConcurrentDictionary<int, bool> DeployOnPush { get; } = new();

    public bool DeploysOnPush(Service service) => DeployOnPush.GetValueOrDefault(service.Id);

    public Task OnPushedAsync(int serviceId, string version, CancellationToken cancellationToken)
    {
        Slot(serviceId).TrySetResult(version);
        return Task.CompletedTask;
    }

    /// <summary>The version the first push to the service created; the listener is called once git has its answer.</summary>
    public Task<string> FirstPushAsync(int serviceId) => Slot(serviceId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public bool WasCalled(int serviceId) => _pushed.TryGetValue(serviceId, out var slot) && slot.Task.IsCompleted;

    private TaskCompletionSource<string> Slot(int serviceId) =>
        _pushed.GetOrAdd(serviceId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}

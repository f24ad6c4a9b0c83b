using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Portal;

/// <summary>
/// Follows a service after a change answered 202 until it settles: Running or Stopped with no operation under
/// way. Progress goes to standard error as one line per change of step or count, so standard output keeps
/// only the result; a service that ends in Error is a refused change (exit 2) with the portal's reason.
/// </summary>
public sealed class ServiceWatcher(PortalClient portal, TextWriter progress)
{
    /// <summary>Between two looks at the service; the portal's operations take seconds, a look milliseconds.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public const string Running = "Running";
    public const string Stopped = "Stopped";
    public const string Error = "Error";

    public async Task<ServiceDto> WaitAsync(ServiceDto started, CancellationToken ct)
    {
        var operationId = started.ActiveOperation?.Id;
        var service = started;
        string? last = null;
        while (true)
        {
            if (service.State == Error && service.ActiveOperation is null)
                throw CliFailure.Refused($"service {service.Id} '{service.Name}' failed: {service.StateReason ?? "no reason given"}");
            if (service.State is Running or Stopped && service.ActiveOperation is null)
                break;

            var line = Describe(service);
            if (line != last)
                await progress.WriteLineAsync(line);
            last = line;
            await Task.Delay(PollInterval, ct);
            service = await portal.GetAsync<ServiceDto>($"services/{service.Id}", ct);
        }

        await EnsureSucceededAsync(service, operationId, ct);
        return service;
    }

    /// <summary>
    /// An operation can fail without taking the whole service to Error (a node that would not start while the
    /// others kept serving); its own status tells.
    /// </summary>
    private async Task EnsureSucceededAsync(ServiceDto service, int? operationId, CancellationToken ct)
    {
        if (operationId is null)
            return;
        var history = await portal.GetAsync<List<OperationDto>>($"services/{service.Id}/logs", ct);
        if (history.FirstOrDefault(o => o.Id == operationId) is { Status: "Failed" } failed)
            throw CliFailure.Refused($"{failed.Description} failed: {failed.Error ?? "no reason given"}");
    }

    private static string Describe(ServiceDto service) => service.ActiveOperation is { } operation
        ? $"{service.State}: {operation.Description}: {operation.Step} ({operation.Done}/{operation.Total})"
        : $"{service.State}";
}

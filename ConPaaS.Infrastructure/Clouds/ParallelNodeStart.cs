namespace ConPaaS.Infrastructure.Clouds;

/// <summary>
/// Starts several nodes at once for a cloud driver: when some fail, the others keep running and the failure
/// names the ones that did not start, so the operation runner records the started ones before it fails.
/// </summary>
internal static class ParallelNodeStart
{
    public static async Task<IReadOnlyList<CloudNode>> RunAsync(string cloud, IReadOnlyList<NodeSpec> specs, Func<NodeSpec, Task<CloudNode>> start)
    {
        var attempts = specs.Select(start).ToList();
        try
        {
            return await Task.WhenAll(attempts);
        }
        catch when (attempts.Count > 1)
        {
            var failures = attempts.Where(task => task.IsFaulted).Select(task => task.Exception!.InnerException!).ToList();
            throw new CloudException(cloud, $"{failures.Count} of {specs.Count} nodes did not start: {failures[0].Message}", failures[0])
            {
                NodeIds = specs.Where((_, index) => attempts[index].IsFaulted).Select(spec => spec.NodeId).ToList(),
            };
        }
    }
}

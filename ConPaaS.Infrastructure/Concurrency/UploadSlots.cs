using ConPaaS.Domain.Access;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Concurrency;

/// <summary>
/// How many uploads (code archives, SQL dumps) each user has in progress at once in this portal. An upload is
/// streamed to disk and imported with bounded memory, but each still holds a temporary file, a core and the disk:
/// one user must not take them all. A slot is held from before the body is read until the upload is done or refused.
/// </summary>
public sealed class UploadSlots(IOptions<ConPaaSOptions> options)
{
    private readonly Dictionary<string, int> _inUse = new(StringComparer.Ordinal);

    /// <summary>Takes one of the caller's slots, given back on dispose.</summary>
    /// <exception cref="TooManyRequestsException">The caller already has the allowed number of uploads in progress.</exception>
    public IDisposable Take(Caller caller)
    {
        var limit = Math.Max(1, options.Value.Limits.ConcurrentUploadsPerUser);
        lock (_inUse)
        {
            var count = _inUse.GetValueOrDefault(caller.UserId);
            if (count >= limit)
                throw new TooManyRequestsException(
                    $"You already have {count} upload{(count == 1 ? "" : "s")} in progress, the most one user may run at once; " +
                    "wait for one to finish, then send this one again.");
            _inUse[caller.UserId] = count + 1;
        }
        return new Slot(this, caller.UserId);
    }

    /// <summary>The uploads the user has in progress now.</summary>
    public int InUse(string userId)
    {
        lock (_inUse)
            return _inUse.GetValueOrDefault(userId);
    }

    private void Give(string userId)
    {
        lock (_inUse)
        {
            if (_inUse[userId] <= 1)
                _inUse.Remove(userId);
            else
                _inUse[userId]--;
        }
    }

    private sealed class Slot(UploadSlots slots, string userId) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                slots.Give(userId);
        }
    }
}

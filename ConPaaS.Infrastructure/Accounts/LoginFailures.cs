using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>
/// Failed passwords counted per client address and user name. <see cref="Limit"/> failures in a row lock that
/// address out of that name for <see cref="LockTime"/>; the account itself is never locked, so someone guessing
/// from one machine cannot keep the owner (or the admin) out, and an unknown name locks like a real one, so the
/// lock tells nothing about which names exist. Kept in memory: a restart forgets the counts, as it does the
/// per-address rate limit in front of it.
/// </summary>
public sealed class LoginFailures(TimeProvider clock)
{
    public const int Limit = 5;
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(5);

    /// <summary>Past this many remembered pairs, the ones with nothing to remember are dropped.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Address, string UserName), Streak> _streaks = new();

    public bool IsLocked(IPAddress? address, string normalizedUserName) =>
        _streaks.TryGetValue((Key(address), normalizedUserName), out var streak) && streak.IsLocked(clock.GetUtcNow());

    public void Failed(IPAddress? address, string normalizedUserName)
    {
        var now = clock.GetUtcNow();
        _streaks.AddOrUpdate((Key(address), normalizedUserName), _ => Streak.First(now), (_, streak) => streak.Next(now));
        if (_streaks.Count > PruneAbove)
            Prune(now);
    }

    public void Succeeded(IPAddress? address, string normalizedUserName) => _streaks.TryRemove((Key(address), normalizedUserName), out _);

    /// <summary>Whether some address is locked out of this name now.</summary>
    public bool IsLockedAnywhere(string normalizedUserName)
    {
        var now = clock.GetUtcNow();
        return _streaks.Any(pair => pair.Key.UserName == normalizedUserName && pair.Value.IsLocked(now));
    }

    /// <summary>An admin's unlock: every address may try this name again.</summary>
    public void Unlock(string normalizedUserName)
    {
        foreach (var key in _streaks.Keys.Where(key => key.UserName == normalizedUserName))
            _streaks.TryRemove(key, out _);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, streak) in _streaks)
        {
            if (!streak.IsLocked(now) && now - streak.LastFailure > LockTime)
                _streaks.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// One machine as a guesser sees it: an IPv4 address, or the /64 an IPv6 host is given (it can pick any
    /// address in it). An unknown address (a test server, a Unix socket) is one shared key.
    /// </summary>
    internal static string Key(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Failures in a row; a streak whose last failure is older than the lock time starts again.</summary>
    private sealed record Streak(int Count, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil)
    {
        public static Streak First(DateTimeOffset now) => new(1, now, null);

        public bool IsLocked(DateTimeOffset now) => LockedUntil > now;

        public Streak Next(DateTimeOffset now)
        {
            if (IsLocked(now))
                return this;
            var count = now - LastFailure > LockTime || LockedUntil is not null ? 1 : Count + 1;
            return new(count, now, count >= Limit ? now + LockTime : null);
        }
    }
}

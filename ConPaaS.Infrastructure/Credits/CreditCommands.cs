using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Credits;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>
/// Reading one's own credit, an admin setting a user's balance, and the check that refuses work which costs
/// credit (starting a service, adding nodes) while the payer's balance is used up.
/// </summary>
public sealed class CreditCommands(
    IDbContextFactory<PortalDbContext> dbFactory,
    IInstancePrices prices,
    PortalEvents events,
    TimeProvider clock,
    IOptions<CreditOptions> options)
{
    public const int HistoryLength = 200;

    /// <summary>The caller's own balance, hourly burn and history; never anyone else's.</summary>
    public async Task<CreditDto> GetAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userName = await db.OwnerNameAsync(caller.UserId, ct);
        return await ReadAsync(db, caller.UserId, userName, ct);
    }

    /// <summary>Only the caller's balance and, once it is used up, when their services stop: for the warning banner.</summary>
    public async Task<CreditStanding> GetStandingAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.GetOrOpenAsync(caller.UserId, options.Value.Default, clock.GetUtcNow(), ct);
        return new CreditStanding(account.Balance, account.OutOfCreditSince, account.StopsAt(options.Value.GracePeriod));
    }

    /// <summary>An admin's view of one user's credit.</summary>
    public async Task<CreditDto> GetForUserAsync(Caller caller, string userName, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await FindUserAsync(db, userName, ct);
        return await ReadAsync(db, user.Id, user.UserName ?? userName, ct);
    }

    /// <summary>Every user's balance, for the admin's users page (accounts not opened yet show the default).</summary>
    public async Task<IReadOnlyDictionary<string, UserCreditDto>> ListBalancesAsync(Caller caller, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.Set<CreditAccount>().AsNoTracking().ToDictionaryAsync(a => a.UserId, ct);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id, u => accounts.TryGetValue(u.Id, out var account)
            ? new UserCreditDto(u.UserName ?? "", account.Balance, account.OutOfCreditSince)
            : new UserCreditDto(u.UserName ?? "", options.Value.Default, null));
    }

    /// <summary>Sets a user's balance (admin only); the difference is booked as an adjustment.</summary>
    public async Task<UserCreditDto> SetBalanceAsync(Caller caller, string userName, decimal? balance, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        if (balance is null)
            throw new InvalidInputException("balance", "Give the new balance as a number, e.g. {\"balance\": 25}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await FindUserAsync(db, userName, ct);
        var adminName = await db.OwnerNameAsync(caller.UserId, ct);
        var now = clock.GetUtcNow();
        var account = await db.GetOrOpenAsync(user.Id, options.Value.Default, now, ct);
        db.Add(account.SetBalance(balance.Value, adminName, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"The credit of '{user.UserName}' changed meanwhile (a charge was booked); set it again.");
        }
        events.Publish(new CreditChanged(user.Id));
        return new UserCreditDto(user.UserName ?? userName, account.Balance, account.OutOfCreditSince);
    }

    /// <summary>Refuses work that costs credit while the service owner's balance is used up.</summary>
    public async Task EnsureCanSpendAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, application) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        var account = await db.GetOrOpenAsync(application.OwnerId, options.Value.Default, clock.GetUtcNow(), ct);
        if (!account.IsExhausted)
            return;
        var whose = application.OwnerId == caller.UserId ? "Your credit balance" : $"The credit balance of '{await db.OwnerNameAsync(application.OwnerId, ct)}'";
        throw new OutOfCreditException(
            $"{whose} is {CreditFormat.Amount(account.Balance)}: service '{service.Name}' cannot start or get nodes " +
            "until an admin adds credit.");
    }

    private async Task<CreditDto> ReadAsync(PortalDbContext db, string userId, string userName, CancellationToken ct)
    {
        var account = await db.GetOrOpenAsync(userId, options.Value.Default, clock.GetUtcNow(), ct);
        var history = await db.Set<CreditEntry>().AsNoTracking().Where(e => e.UserId == userId)
            .OrderByDescending(e => e.Id).Take(HistoryLength).ToListAsync(ct);
        var burn = await HourlyBurnAsync(db, userId, ct);
        return new CreditDto(userName, account.Balance, burn, account.OutOfCreditSince, account.StopsAt(options.Value.GracePeriod),
            history.Select(ToDto).ToList());
    }

    /// <summary>What the user's running nodes cost per hour now.</summary>
    private async Task<decimal> HourlyBurnAsync(PortalDbContext db, string userId, CancellationToken ct)
    {
        var running = await (
                from node in db.Nodes
                where node.StartedAt != null && node.TerminatedAt == null && node.State != NodeState.Terminated
                join service in db.Services on node.ServiceId equals service.Id
                join application in db.Applications on service.ApplicationId equals application.Id
                where application.OwnerId == userId
                select new { node.Cloud, node.InstanceType })
            .ToListAsync(ct);
        return running.Sum(n => prices.PricePerHour(n.Cloud, n.InstanceType) ?? 0);
    }

    private static async Task<PortalUser> FindUserAsync(PortalDbContext db, string userName, CancellationToken ct)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        return await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct)
            ?? throw new NotFoundException("User", userName);
    }

    private static void EnsureAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only an admin may see or set other users' credit.");
    }

    private static CreditEntryDto ToDto(CreditEntry e) =>
        new(e.Id, e.At, e.Kind.ToString(), e.Amount, e.BalanceAfter, e.NodeId, e.HourIndex, e.Hours, e.ServiceId, e.ServiceName,
            e.Cloud, e.InstanceType, e.Note);
}

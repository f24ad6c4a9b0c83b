using ConPaaS.Domain.Applications;
using ConPaaS.Domain.Nodes;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Credits;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConPaaS.Infrastructure.Tests.Credits;

/// <summary>A real SQLite database file of the portal's schema, a clock the test moves, and users, services and nodes in it.</summary>
public sealed class CreditDatabase : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "conpaas-credit-tests", Guid.NewGuid().ToString("N"));

    public CreditDatabase()
    {
        Directory.CreateDirectory(_folder);
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "portal.db")}")
            .Options;
        Factory = new PooledDbContextFactory<PortalDbContext>(options);
        using var db = Factory.CreateDbContext();
        db.Database.EnsureCreated();
    }

    public IDbContextFactory<PortalDbContext> Factory { get; }
    public FakeTimeProvider Clock { get; } = new(Start);
    public PortalEvents Events { get; } = new();
    public PriceTable Prices { get; } = new() { [("local", "small")] = 0.05m, [("local", "large")] = 0.2m };
    public CreditOptions Options { get; } = new() { Default = 50m, GracePeriod = TimeSpan.FromMinutes(10) };

    public CreditCharger Charger() =>
        new(Factory, Prices, Events, Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<CreditCharger>.Instance);

    public CreditCommands Commands() =>
        new(Factory, Prices, Events, Clock, Microsoft.Extensions.Options.Options.Create(Options));

    public async Task<string> AddUserAsync(string name)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var user = new PortalUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), CreatedAt = Clock.GetUtcNow() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>A running service of the user.</summary>
    public async Task<int> AddRunningServiceAsync(string ownerId, string name)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var application = new Application(ownerId, $"app of {name}", Clock.GetUtcNow());
        db.Applications.Add(application);
        await db.SaveChangesAsync();
        var service = new Service(application.Id, ServiceTypeCatalog.SelfTest, name, Clock.GetUtcNow());
        service.MoveTo(ServiceState.Prologue, Clock.GetUtcNow());
        service.MoveTo(ServiceState.Running, Clock.GetUtcNow());
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return service.Id;
    }

    /// <summary>A node of the service that started now.</summary>
    public async Task<int> StartNodeAsync(int serviceId, string type = "small")
    {
        await using var db = await Factory.CreateDbContextAsync();
        var node = new Node(serviceId, 0, ["test"], "local", type, Clock.GetUtcNow());
        db.Nodes.Add(node);
        await db.SaveChangesAsync();
        node.Started("127.0.0.1", 9000 + node.Id, type, Clock.GetUtcNow(), Clock.GetUtcNow());
        node.MarkRunning(Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return node.Id;
    }

    public async Task TerminateNodeAsync(int nodeId)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var node = await db.Nodes.SingleAsync(n => n.Id == nodeId);
        node.MarkTerminated(Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Instance type prices as a cloud's configuration lists them.</summary>
public sealed class PriceTable : Dictionary<(string Cloud, string Type), decimal>, IInstancePrices
{
    public decimal? PricePerHour(string cloud, string instanceType) => TryGetValue((cloud, instanceType), out var price) ? price : null;
}

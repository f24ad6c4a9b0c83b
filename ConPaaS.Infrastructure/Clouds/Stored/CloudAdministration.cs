using System.Text.Json;
using System.Text.RegularExpressions;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Nodes;
using ConPaaS.Infrastructure.Clouds.Ec2;
using ConPaaS.Infrastructure.Clouds.OpenNebula;
using ConPaaS.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConPaaS.Infrastructure.Clouds.Stored;

/// <summary>
/// An admin adds, edits and removes clouds on the portal (the ones of appsettings stay as they are). A cloud is
/// saved only when its driver accepts its settings; its secret is encrypted; one that still runs nodes cannot
/// be removed.
/// </summary>
public sealed partial class CloudAdministration(
    IDbContextFactory<PortalDbContext> dbFactory, CloudRegistry registry, StoredCloudSecrets secrets, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> PortalDrivers = [Ec2Cloud.DriverName, OpenNebulaCloud.DriverName];

    public async Task<IReadOnlyList<CloudDefinitionDto>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await ActiveNodesByCloudAsync(db, ct);
        var stored = await db.Set<StoredCloud>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        var configured = registry.All.Where(cloud => registry.IsConfigured(cloud.Name)).Select(cloud => new CloudDefinitionDto(
            cloud.Name, cloud.Driver, "appsettings", Prices(cloud.InstanceTypes), EmptySettings, false, active.GetValueOrDefault(cloud.Name)));
        return [.. configured, .. stored.Select(cloud => ToDto(cloud, active.GetValueOrDefault(cloud.Name)))];
    }

    public async Task<CloudDefinitionDto> CreateAsync(Caller caller, CloudDefinitionRequest request, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        var name = ValidName(request.Name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (registry.IsConfigured(name) || await db.Set<StoredCloud>().AnyAsync(c => c.Name == name, ct))
            throw new ConflictException($"A cloud named '{name}' already exists.");
        var (options, cloud) = Validate(name, request, existingSecret: null);
        var (settings, protectedSecrets) = secrets.Split(options);
        var stored = new StoredCloud(name, options.Driver, settings, protectedSecrets, clock.GetUtcNow());
        db.Add(stored);
        await db.SaveChangesAsync(ct);
        registry.SetStored(name, cloud);
        return ToDto(stored, 0);
    }

    public async Task<CloudDefinitionDto> UpdateAsync(Caller caller, string name, CloudDefinitionRequest request, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await FindAsync(db, name, ct);
        var previous = secrets.Join(stored);
        var (options, cloud) = Validate(stored.Name, request, previous);
        var (settings, protectedSecrets) = secrets.Split(options);
        stored.Update(options.Driver, settings, protectedSecrets, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        registry.SetStored(stored.Name, cloud);
        return ToDto(stored, (await ActiveNodesByCloudAsync(db, ct)).GetValueOrDefault(stored.Name));
    }

    public async Task DeleteAsync(Caller caller, string name, CancellationToken ct = default)
    {
        EnsureAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await FindAsync(db, name, ct);
        var nodes = await db.Nodes.Where(n => n.Cloud == stored.Name && n.State != NodeState.Terminated).Select(n => n.ServiceId).ToListAsync(ct);
        if (nodes.Count > 0)
            throw new ConflictException(
                $"The cloud '{stored.Name}' still runs {nodes.Count} node(s) of service(s) {string.Join(", ", nodes.Distinct().Order())}. "
                + "Remove those nodes or stop those services first.");
        db.Remove(stored);
        await db.SaveChangesAsync(ct);
        registry.SetStored(stored.Name, null);
    }

    private async Task<StoredCloud> FindAsync(PortalDbContext db, string name, CancellationToken ct) =>
        await db.Set<StoredCloud>().SingleOrDefaultAsync(c => c.Name == name, ct)
        ?? (registry.IsConfigured(name)
            ? throw new ConflictException($"The cloud '{name}' comes from appsettings.json; change it there.")
            : throw new NotFoundException("Cloud", name));

    private (CloudOptions Options, ICloud Cloud) Validate(string name, CloudDefinitionRequest request, CloudOptions? existingSecret)
    {
        var driver = request.Driver?.Trim().ToLowerInvariant() ?? "";
        if (!PortalDrivers.Contains(driver))
            throw new InvalidInputException("driver", $"The driver must be one of {string.Join(", ", PortalDrivers)} (a local cloud is configured in appsettings.json).");
        var types = request.InstanceTypes ?? [];
        if (types.Count == 0)
            throw new InvalidInputException("instanceTypes", "Give the cloud at least one instance type with its price per hour.");
        if (types.FirstOrDefault(t => string.IsNullOrWhiteSpace(t.Name) || t.PricePerHour < 0) is { } bad)
            throw new InvalidInputException("instanceTypes", $"The instance type '{bad.Name}' needs a name and a price per hour of 0 or more.");
        if (types.GroupBy(t => t.Name.Trim()).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidInputException("instanceTypes", $"The instance type '{twice.Key}' is listed twice.");

        var options = new CloudOptions
        {
            Name = name,
            Driver = driver,
            InstanceTypes = types.Select(t => new InstanceTypeOptions { Name = t.Name.Trim(), PricePerHour = t.PricePerHour }).ToList(),
        };
        try
        {
            var settings = request.Settings is { ValueKind: JsonValueKind.Object } json ? json.GetRawText() : "{}";
            if (driver == Ec2Cloud.DriverName)
                options.Ec2 = JsonSerializer.Deserialize<Ec2CloudOptions>(settings, StoredCloudSecrets.Json)!;
            else
                options.OpenNebula = JsonSerializer.Deserialize<OpenNebulaCloudOptions>(settings, StoredCloudSecrets.Json)!;
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException("settings", $"The settings do not fit the {driver} driver: {exception.Message}");
        }
        var secret = string.IsNullOrEmpty(request.Secret) ? null : request.Secret;
        options.Ec2.SecretAccessKey = driver == Ec2Cloud.DriverName ? secret ?? existingSecret?.Ec2.SecretAccessKey ?? "" : "";
        options.OpenNebula.Password = driver == OpenNebulaCloud.DriverName ? secret ?? existingSecret?.OpenNebula.Password ?? "" : "";
        try
        {
            return (options, registry.Build(options));
        }
        catch (ArgumentException exception)
        {
            throw new InvalidInputException("settings", exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static string ValidName(string? name)
    {
        name = name?.Trim() ?? "";
        return CloudName().IsMatch(name)
            ? name
            : throw new InvalidInputException("name", "A cloud's name has 1 to 64 letters, digits, '.', '-' or '_', and starts with a letter or digit.");
    }

    private static async Task<Dictionary<string, int>> ActiveNodesByCloudAsync(PortalDbContext db, CancellationToken ct) =>
        (await db.Nodes.Where(n => n.State != NodeState.Terminated).GroupBy(n => n.Cloud).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(g => g.Key, g => g.Count, StringComparer.OrdinalIgnoreCase);

    private CloudDefinitionDto ToDto(StoredCloud stored, int activeNodes)
    {
        var options = JsonSerializer.Deserialize<CloudOptions>(stored.SettingsJson, StoredCloudSecrets.Json)!;
        object section = stored.Driver == Ec2Cloud.DriverName ? options.Ec2 : options.OpenNebula;
        return new CloudDefinitionDto(stored.Name, stored.Driver, "portal", Prices(options.InstanceTypes),
            JsonSerializer.SerializeToElement(section, StoredCloudSecrets.Json), stored.ProtectedSecrets is not null, activeNodes);
    }

    private static List<InstanceTypeDto> Prices(IEnumerable<InstanceTypeOptions> types) => types.Select(t => new InstanceTypeDto(t.Name, t.PricePerHour)).ToList();

    private static readonly JsonElement EmptySettings = JsonDocument.Parse("{}").RootElement;

    private static void EnsureAdmin(Caller caller)
    {
        if (!caller.IsAdmin)
            throw new ForbiddenException("Only an admin may manage clouds.");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex CloudName();
}

using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>
/// A real portal in-process on a real SQLite file in a data folder of its own, deleted afterwards.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminName = "admin";
    public const string AdminPassword = "Admin-password-1";

    public PortalFactory() : this(null) { }

    /// <summary>With a data directory of an earlier portal: a restart of it, which leaves the folder to its owner.</summary>
    protected PortalFactory(string? dataDirectory)
    {
        OwnsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "conpaas-tests", Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }

    /// <summary>The key ring's certificate: beside the data folder, not in it, as an operator keeps it apart.</summary>
    public string KeyRingCertificatePath => DataDirectory.TrimEnd('/') + ".keyring.pfx";

    /// <summary>Whether disposing deletes the data directory.</summary>
    public bool OwnsDataDirectory { get; set; }

    /// <summary>Password attempts allowed per minute; high by default so tests are not throttled.</summary>
    protected virtual int LoginAttemptsPerMinute => 10_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConPaaS:DataDirectory", DataDirectory);
        builder.UseSetting("ConPaaS:KeyRing:CertificatePath", KeyRingCertificatePath);
        builder.UseSetting("ConPaaS:Admin:UserName", AdminName);
        builder.UseSetting("ConPaaS:Admin:Password", AdminPassword);
        builder.UseSetting("ConPaaS:Limits:LoginAttemptsPerMinute", LoginAttemptsPerMinute.ToString());
        builder.UseSetting("ConPaaS:Clouds:0:Name", "local");
        builder.UseSetting("ConPaaS:Clouds:0:Driver", "local");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:Name", "small");
        builder.UseSetting("ConPaaS:Clouds:0:InstanceTypes:0:PricePerHour", "0.05");
    }

    /// <summary>Creates a user with the given roles directly through Identity.</summary>
    public async Task<PortalUser> CreateUserAsync(string userName, string password = "User-password-1", bool admin = false)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = userName, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, admin ? Roles.Admin : Roles.User);
        return user;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDataDirectory && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
        if (disposing && OwnsDataDirectory)
            File.Delete(KeyRingCertificatePath);
    }
}

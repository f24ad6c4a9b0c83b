using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Accounts;

/// <summary>
/// Creates the roles and, on a fresh installation, the first admin. A generated password is written to
/// the console once, on purpose not through the logger, so it never lands in a log file.
/// </summary>
public sealed class FirstAdminSeeder(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<ConPaaSOptions> options,
    TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
        }

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
            return;

        var admin = options.Value.Admin;
        var password = string.IsNullOrEmpty(admin.Password) ? SecretGenerator.Password() : admin.Password;
        var user = new PortalUser { UserName = admin.UserName, CreatedAt = clock.GetUtcNow() };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, [Roles.Admin, Roles.User]));

        Console.WriteLine();
        Console.WriteLine("  First admin created.");
        Console.WriteLine($"    user name: {admin.UserName}");
        Console.WriteLine(string.IsNullOrEmpty(admin.Password)
            ? $"    password:  {password}   (generated; shown only this once, change it after logging in)"
            : "    password:  the one set in ConPaaS:Admin:Password");
        Console.WriteLine();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(
                "Could not create the first admin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

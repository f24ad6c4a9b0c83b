using System.Text.Json;
using ConPaaS.Cli.Tests.Support;
using ConPaaS.EndToEnd.Tests.Support;

namespace ConPaaS.Cli.Tests;

public sealed class CredentialsCommandTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Stores_url_user_and_token_readable_by_the_owner_only_and_never_the_password()
    {
        using var cps = new Cps();

        var output = await cps.LoginAsync(portal.Url);

        Assert.Contains($"Logged in to {portal.Url} as admin", output);
        Assert.True(File.Exists(cps.CredentialsFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cps.CredentialsFile));
        var text = await File.ReadAllTextAsync(cps.CredentialsFile);
        Assert.DoesNotContain(PortalProcess.AdminPassword, text);
        using var stored = JsonDocument.Parse(text);
        Assert.Equal(portal.Url, stored.RootElement.GetProperty("url").GetString());
        Assert.Equal("admin", stored.RootElement.GetProperty("userName").GetString());
        Assert.StartsWith("cps_", stored.RootElement.GetProperty("token").GetString());
        Assert.False(stored.RootElement.TryGetProperty("password", out _));
        await cps.OkAsync("listapp");
    }

    [Fact]
    public async Task Asks_for_what_the_options_do_not_give_and_never_prints_the_password()
    {
        using var cps = new Cps();

        var result = await cps.RunWithInputAsync($"{portal.Url}\nadmin\n{PortalProcess.AdminPassword}\n", "credentials");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Portal URL", result.Error);
        Assert.Contains("Password", result.Error);
        Assert.DoesNotContain(PortalProcess.AdminPassword, result.Output + result.Error);
        Assert.DoesNotContain(PortalProcess.AdminPassword, await File.ReadAllTextAsync(cps.CredentialsFile));
        await cps.OkAsync("listapp");
    }

    [Fact]
    public async Task A_wrong_password_exits_4_with_the_portals_reason_and_stores_nothing()
    {
        using var cps = new Cps();

        // An unknown user rather than the admin with a wrong password, so that no lockout counter moves.
        var result = await cps.RunAsync("credentials", "--url", portal.Url, "--user", "nobody", "--password", "wrong-password-1");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Wrong user name or password", result.Error);
        Assert.DoesNotContain("wrong-password-1", result.Output + result.Error);
        Assert.False(File.Exists(cps.CredentialsFile));
    }

    [Fact]
    public async Task An_unreachable_portal_exits_3_naming_its_address()
    {
        using var cps = new Cps();
        var url = ClosedPort.Url();

        var result = await cps.RunAsync("credentials", "--url", url, "--user", "admin", "--password", "x");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"cps: cannot reach the portal at {url}: ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Something_that_is_not_a_url_is_a_usage_error()
    {
        using var cps = new Cps();

        var result = await cps.RunAsync("credentials", "--url", "ftp://example.org", "--user", "admin", "--password", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a portal URL", result.Error);
    }

    [Fact]
    public async Task Logging_in_again_revokes_the_old_token_which_then_exits_4_asking_to_log_in()
    {
        using var cps = new Cps();
        await cps.LoginAsync(portal.Url);
        var first = await File.ReadAllTextAsync(cps.CredentialsFile);
        await cps.LoginAsync(portal.Url);
        Assert.NotEqual(first, await File.ReadAllTextAsync(cps.CredentialsFile));

        await File.WriteAllTextAsync(cps.CredentialsFile, first);
        var result = await cps.RunAsync("listapp");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("run cps credentials", result.Error);
    }

    [Fact]
    public async Task An_unknown_token_exits_4_asking_to_log_in()
    {
        using var cps = new Cps();
        cps.WriteCredentials(portal.Url, "cps_not-a-token-of-this-portal");

        var result = await cps.RunAsync("list");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("refused the stored token", result.Error);
        Assert.Contains("run cps credentials", result.Error);
    }

    [Fact]
    public async Task Without_credentials_a_command_exits_4_asking_to_log_in()
    {
        using var cps = new Cps();

        var result = await cps.RunAsync("listapp");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("cps: not logged in (no " + cps.CredentialsFile + "): run cps credentials", result.Error.Trim());
    }

    [Fact]
    public async Task With_stored_credentials_of_a_portal_that_is_away_a_command_exits_3()
    {
        using var cps = new Cps();
        var url = ClosedPort.Url();
        cps.WriteCredentials(url, "cps_whatever");

        var result = await cps.RunAsync("available");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"cps: cannot reach the portal at {url}: ", result.Error);
    }
}

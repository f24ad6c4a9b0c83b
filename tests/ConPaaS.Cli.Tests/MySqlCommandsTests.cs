using ConPaaS.Cli.Tests.Support;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Tests;

/// <summary>create --password, set_password, load_dump and sqldump on one mysql service with a real MariaDB.</summary>
public sealed class MySqlCommandsTests(MySqlPortalFixture portal) : IClassFixture<MySqlPortalFixture>, IAsyncLifetime
{
    private readonly Cps _cps = new();

    public async Task InitializeAsync() => await _cps.LoginAsync(portal.Url);

    [Fact]
    public async Task Passwords_dumps_in_and_out_and_a_broken_dump_names_its_line()
    {
        var application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("db"));
        var created = await _cps.JsonAsync<ServiceDto>("create", "mysql", $"{application.Id}", "--name", PortalFixture.UniqueName("shop"),
            "--password", "First-password-1");
        Assert.Null(created.GeneratedPassword);
        await _cps.OkAsync("start", created.Name, "--wait");
        var info = await _cps.OkAsync("info", created.Name);
        var access = (await _cps.JsonAsync<ServiceDto>("info", created.Name)).Access!;
        Assert.Contains($"address:      {access.Host}:3306 (user mysqldb)", info);
        Assert.Contains($"connect:      mysql -h {access.Host}", info);

        Assert.Equal($"Set the administrator password of service {created.Id} '{created.Name}'.",
            (await _cps.OkAsync("set_password", created.Name, "--password", "Second-password-2")).Trim());
        var asked = await _cps.RunWithInputAsync("Third-password-3\nThird-password-3\n", "set_password", $"{created.Id}");
        Assert.True(asked.ExitCode == 0, asked.ToString());
        Assert.Contains("New password: ", asked.Error);
        Assert.DoesNotContain("Third-password-3", asked.Error + asked.Output);
        var differ = await _cps.RunWithInputAsync("Fourth-password-4\nsomething else\n", "set_password", $"{created.Id}");
        Assert.Equal(1, differ.ExitCode);
        Assert.Contains("the two passwords differ", differ.Error);

        var good = Write("good.sql", "CREATE DATABASE shop;\nUSE shop;\nCREATE TABLE fruit (name VARCHAR(40));\nINSERT INTO fruit VALUES ('quince-from-cps');\n");
        var loaded = await _cps.OkAsync("load_dump", created.Name, good);
        Assert.StartsWith($"Loaded good.sql (", loaded);
        Assert.Contains($"into service {created.Id} '{created.Name}'.", loaded);

        var dump = await _cps.OkAsync("sqldump", created.Name);
        Assert.Contains("CREATE TABLE `fruit`", dump);
        Assert.Contains("quince-from-cps", dump);
        var saved = Path.Combine(_cps.ConfigDirectory, "saved.sql");
        var toFile = await _cps.RunAsync("sqldump", $"{created.Id}", "-o", saved);
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal("", toFile.Output);
        Assert.Contains("quince-from-cps", await File.ReadAllTextAsync(saved));

        var broken = Write("broken.sql", "USE shop;\nTHIS IS NOT SQL;\nINSERT INTO fruit VALUES ('never');\n");
        var failed = await _cps.FailsAsync(2, "load_dump", created.Name, broken);
        Assert.Contains("cps: Load a database dump failed: Statement 2 (line 2): ERROR 1064", failed.Error);
        Assert.DoesNotContain("never", await _cps.OkAsync("sqldump", created.Name));

        await _cps.FailsAsync(1, "load_dump", created.Name, Path.Combine(_cps.ConfigDirectory, "absent.sql"));
        await _cps.OkAsync("stop", created.Name, "--wait");
    }

    [Fact]
    public async Task Create_without_a_password_shows_the_generated_one_once()
    {
        var application = await _cps.JsonAsync<ApplicationDto>("createapp", PortalFixture.UniqueName("gen"));

        var text = await _cps.OkAsync("create", "mysql", $"{application.Id}");

        Assert.Matches(@"Its administrator password is \S+ \(shown only now; change it with 'cps set_password \d+'\)\.", text);
    }

    private string Write(string name, string text)
    {
        Directory.CreateDirectory(_cps.ConfigDirectory);
        var path = Path.Combine(_cps.ConfigDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task DisposeAsync()
    {
        await _cps.StopEverythingAsync();
        _cps.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>The real git client against the portal's <c>/git/&lt;id&gt;.git</c> endpoint on a real port.</summary>
public sealed class GitPushTests(CodePortal portal) : IClassFixture<CodePortal>
{
    [Fact]
    public async Task A_push_to_main_becomes_a_version_and_the_push_output_says_so()
    {
        var user = await ApiUser.SignUpAsync(portal, $"push-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        using var git = new GitClient();
        var auth = GitClient.Basic(user.UserName, user.Token());
        var work = await CloneAsync(git, auth, service.Id);
        Assert.Contains("service is ready", await File.ReadAllTextAsync(Path.Combine(work, "index.php")));

        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "<?php echo 'pushed';");
        await git.RunOkAsync(work, "commit", "-am", "My first page");
        var output = await git.RunOkAsync(work, [.. auth, "push", "origin", "main"]);

        var version = (await git.RunOkAsync(work, "rev-parse", "--short=7", "HEAD")).Trim();
        Assert.Contains($"remote: ConPaaS: received version {version}.", output);
        Assert.Equal(version, await portal.Pushes.FirstPushAsync(service.Id));
        var listed = (await user.ListAsync(service.Id))[0];
        Assert.Equal((version, CodeVersionSources.Push, "My first page", "Test Pusher"), (listed.Id, listed.Source, listed.Message, listed.Author));
        Assert.Equal("<?php echo 'pushed';", TestArchives.ReadZip(await user.DownloadAsync(service.Id, version))["index.php"].Content);
    }

    [Fact]
    public async Task Only_the_pushed_head_becomes_a_version_and_uploads_show_up_in_clones()
    {
        var user = await ApiUser.SignUpAsync(portal, $"head-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        portal.Pushes.DeployOnPush[service.Id] = true;
        var uploaded = await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "uploaded")), "up.zip");
        using var git = new GitClient();
        var auth = GitClient.Basic(user.UserName, user.Token());
        var work = await CloneAsync(git, auth, service.Id);
        Assert.Equal("uploaded", await File.ReadAllTextAsync(Path.Combine(work, "index.php")));

        await File.WriteAllTextAsync(Path.Combine(work, "a.php"), "a");
        await git.RunOkAsync(work, "add", "a.php");
        await git.RunOkAsync(work, "commit", "-m", "Step one");
        await File.WriteAllTextAsync(Path.Combine(work, "b.php"), "b");
        await git.RunOkAsync(work, "add", "b.php");
        await git.RunOkAsync(work, "commit", "-m", "Step two");
        var output = await git.RunOkAsync(work, [.. auth, "push", "origin", "main"]);

        var head = (await git.RunOkAsync(work, "rev-parse", "--short=7", "HEAD")).Trim();
        Assert.Contains($"ConPaaS: received version {head}; it is being deployed.", output);
        Assert.Equal([head, uploaded.Id, "code-default"], (await user.ListAsync(service.Id)).Select(v => v.Id));
    }

    [Fact]
    public async Task A_force_push_that_rewrites_main_is_refused_and_changes_nothing()
    {
        var user = await ApiUser.SignUpAsync(portal, $"force-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        using var git = new GitClient();
        var auth = GitClient.Basic(user.UserName, user.Token());
        var work = await CloneAsync(git, auth, service.Id);
        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "v1");
        await git.RunOkAsync(work, "commit", "-am", "v1");
        await git.RunOkAsync(work, [.. auth, "push", "origin", "main"]);
        var versions = await user.ListAsync(service.Id);
        var before = await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id));

        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "rewritten");
        await git.RunOkAsync(work, "commit", "-a", "--amend", "-m", "history rewritten");
        var (exitCode, output) = await git.RunAsync(work, [.. auth, "push", "--force", "origin", "main"]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("non-fast-forward", output);

        var (deleteCode, deleteOutput) = await git.RunAsync(work, [.. auth, "push", "origin", ":main"]);
        Assert.NotEqual(0, deleteCode);
        Assert.Contains("deletion prohibited", deleteOutput);

        var (tagCode, tagOutput) = await git.RunAsync(work, [.. auth, "push", "origin", "HEAD:refs/tags/v9", "HEAD:refs/heads/other"]);
        Assert.NotEqual(0, tagCode);
        Assert.Contains("only the main branch is deployed", tagOutput);

        Assert.Equal(versions, await user.ListAsync(service.Id));
        Assert.Equal(before.Refs, (await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id))).Refs);
    }

    [Fact]
    public async Task A_revoked_token_a_wrong_user_name_and_no_credentials_are_refused()
    {
        var user = await ApiUser.SignUpAsync(portal, $"rev-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var created = await user.Http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(user.UserName, "User-password-1", "git"));
        var token = (await created.Content.ReadFromJsonAsync<CreatedTokenDto>())!;
        using var git = new GitClient();
        var work = await CloneAsync(git, GitClient.Basic(user.UserName, token.Token), service.Id);
        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "never");
        await git.RunOkAsync(work, "commit", "-am", "never arrives");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/tokens/{token.Id}")).StatusCode);
        var before = await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id));

        var (revoked, revokedOutput) = await git.RunAsync(work, [.. GitClient.Basic(user.UserName, token.Token), "push", "origin", "main"]);
        var (wrongName, _) = await git.RunAsync(work, [.. GitClient.Basic("someone-else", user.Token()), "push", "origin", "main"]);
        var (anonymous, _) = await git.RunAsync(work, "push", "origin", "main");

        Assert.All(new[] { revoked, wrongName, anonymous }, code => Assert.NotEqual(0, code));
        // git got a 401 with a Basic challenge and would now ask for other credentials (prompts are off here).
        Assert.Contains("could not read Username", revokedOutput);
        Assert.Equal(before, await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id)));
        Assert.False(portal.Pushes.WasCalled(service.Id));

        using var http = new HttpClient();
        var challenge = await http.GetAsync($"{portal.Url}/git/{service.Id}.git/info/refs?service=git-receive-pack");
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.StartsWith("Basic", challenge.Headers.WwwAuthenticate.ToString());
        using var revokedRequest = new HttpRequestMessage(HttpMethod.Get, $"{portal.Url}/git/{service.Id}.git/info/refs?service=git-receive-pack");
        revokedRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user.UserName}:{token.Token}")));
        await (await http.SendAsync(revokedRequest)).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
    }

    [Fact]
    public async Task Another_users_service_and_a_service_without_code_look_missing()
    {
        var owner = await ApiUser.SignUpAsync(portal, $"gown-{Guid.NewGuid():N}"[..16]);
        var stranger = await ApiUser.SignUpAsync(portal, $"gstr-{Guid.NewGuid():N}"[..16]);
        var service = await owner.CreatePhpServiceAsync();
        var database = await stranger.CreatePhpServiceAsync("mysql");
        Assert.Single(await owner.ListAsync(service.Id)); // the owner's repository exists
        using var git = new GitClient();
        var auth = GitClient.Basic(stranger.UserName, stranger.Token());

        var (foreign, foreignOutput) = await git.RunAsync(null, [.. auth, "clone", $"{portal.Url}/git/{service.Id}.git", "foreign"]);
        var (noCode, noCodeOutput) = await git.RunAsync(null, [.. auth, "clone", $"{portal.Url}/git/{database.Id}.git", "database"]);

        Assert.NotEqual(0, foreign);
        Assert.Contains("not found", foreignOutput);
        Assert.NotEqual(0, noCode);
        Assert.Contains("not found", noCodeOutput);
        Assert.False(Directory.Exists(portal.RepositoryPath(database.Id)));

        // A push to the stranger's own clone of someone else's id fails the same way.
        var own = await stranger.CreatePhpServiceAsync();
        var work = await CloneAsync(git, auth, own.Id);
        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "intruder");
        await git.RunOkAsync(work, "commit", "-am", "intruder");
        var before = await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id));
        var (push, pushOutput) = await git.RunAsync(work, [.. auth, "push", $"{portal.Url}/git/{service.Id}.git", "main"]);
        Assert.NotEqual(0, push);
        Assert.Contains("not found", pushOutput);
        Assert.Equal(before, await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id)));
    }

    private async Task<string> CloneAsync(GitClient git, string[] auth, int serviceId)
    {
        var folder = $"clone-{serviceId}-{Guid.NewGuid():N}"[..20];
        await git.RunOkAsync(null, [.. auth, "clone", $"{portal.Url}/git/{serviceId}.git", folder]);
        return git.PathOf(folder);
    }
}

using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// The transfer shapes git really uses: chunked push bodies (a pack larger than git's post buffer is streamed
/// with no length), gzip-compressed fetch requests, and a push over the size limit.
/// </summary>
public sealed class GitTransferTests(CodePortal portal) : IClassFixture<CodePortal>
{
    [Fact]
    public async Task A_pack_larger_than_gits_post_buffer_is_streamed_and_lands()
    {
        using var git = new GitClient();
        var (user, auth, work, serviceId) = await CloneNewServiceAsync(git, "big");
        await File.WriteAllBytesAsync(Path.Combine(work, "noise.bin"), Noise(200 * 1024));
        await git.RunOkAsync(work, "add", "noise.bin");
        await git.RunOkAsync(work, "commit", "-m", "Large file");

        await git.RunOkAsync(work, [.. auth, "-c", "http.postBuffer=65536", "push", "origin", "main"]);

        var head = (await git.RunOkAsync(work, "rev-parse", "--short=7", "HEAD")).Trim();
        Assert.Equal(head, (await user.ListAsync(serviceId))[0].Id);
    }

    [Fact]
    public async Task A_fetch_whose_request_git_compresses_works()
    {
        using var git = new GitClient();
        var (user, auth, work, serviceId) = await CloneNewServiceAsync(git, "gzip");
        var uploaded = new List<string>();
        for (var i = 0; i < 12; i++)
            uploaded.Add((await user.UploadOkAsync(serviceId, TestArchives.Zip(new TestEntry("index.php", $"upload {i}")), $"{i}.zip")).Id);
        for (var i = 0; i < 20; i++)
            await git.RunOkAsync(work, "commit", "--allow-empty", "-m", $"local {i}");

        // Twelve wants and sixteen haves make a request over 1 KiB, which git sends gzip-compressed.
        await git.RunOkAsync(work, [.. auth, "fetch", "origin", "+refs/tags/*:refs/tags/*"]);

        var tags = (await git.RunOkAsync(work, "tag")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(uploaded.Append("code-default").Order(), tags.Order());
    }

    /// <summary>git announces the length of a pack that fits its post buffer and streams (chunked) a larger one.</summary>
    [Theory]
    [InlineData("1m")]
    [InlineData("65536")]
    public async Task A_push_over_the_size_limit_is_refused_and_changes_nothing(string postBuffer)
    {
        using var git = new GitClient();
        var (user, auth, work, serviceId) = await CloneNewServiceAsync(git, "huge");
        var versions = await user.ListAsync(serviceId);
        var before = await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(serviceId));
        await File.WriteAllBytesAsync(Path.Combine(work, "noise.bin"), Noise((int)CodePortal.UploadLimit * 10 + 64 * 1024));
        await git.RunOkAsync(work, "add", "noise.bin");
        await git.RunOkAsync(work, "commit", "-m", "Too large");

        var (exitCode, output) = await git.RunAsync(work, [.. auth, "-c", $"http.postBuffer={postBuffer}", "push", "origin", "main"]);

        Assert.NotEqual(0, exitCode);
        if (postBuffer == "1m")
            Assert.Contains("413", output); // refused before git started; a streamed pack is cut off mid-way
        Assert.Equal(versions, await user.ListAsync(serviceId));
        Assert.Equal(before.Refs, (await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(serviceId))).Refs);
    }

    private async Task<(ApiUser User, string[] Auth, string Work, int ServiceId)> CloneNewServiceAsync(GitClient git, string prefix)
    {
        var user = await ApiUser.SignUpAsync(portal, $"{prefix}-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var auth = GitClient.Basic(user.UserName, user.Token());
        await git.RunOkAsync(null, [.. auth, "clone", $"{portal.Url}/git/{service.Id}.git", "work"]);
        return (user, auth, git.PathOf("work"), service.Id);
    }

    private static byte[] Noise(int bytes)
    {
        var noise = new byte[bytes];
        Random.Shared.NextBytes(noise);
        return noise;
    }
}

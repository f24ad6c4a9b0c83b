using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Services.Php;
using ConPaaS.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>What the php manager relies on, and the repository's guarantees under concurrent writers.</summary>
public sealed class CodeRepositoriesTests(CodePortal portal) : IClassFixture<CodePortal>
{
    [Fact]
    public async Task The_manager_gets_a_version_as_a_zip_by_service_id()
    {
        var user = await ApiUser.SignUpAsync(portal, $"mgr-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var version = await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "for the nodes")), "n.zip");
        var archives = portal.Services.GetRequiredService<IVersionArchives>();

        Assert.True(await archives.ExistsAsync(service.Id, version.Id, CancellationToken.None));
        Assert.True(await archives.ExistsAsync(service.Id, "code-default", CancellationToken.None));
        Assert.False(await archives.ExistsAsync(service.Id, "0000000", CancellationToken.None));
        using var zip = new MemoryStream();
        await archives.WriteZipAsync(service.Id, version.Id, zip, CancellationToken.None);
        Assert.Equal("for the nodes", TestArchives.ReadZip(zip.ToArray())["index.php"].Content);
    }

    [Fact]
    public async Task Concurrent_uploads_all_become_versions_on_one_unbroken_history()
    {
        var user = await ApiUser.SignUpAsync(portal, $"par-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();

        var uploads = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", $"upload {i}")), $"{i}.zip")));

        var listed = (await user.ListAsync(service.Id)).Select(v => v.Id).ToList();
        Assert.Equal(uploads.Select(u => u.Id).Append("code-default").Order(), listed.Order());
        using var git = new GitClient();
        var history = await git.RunOkAsync(null, "--git-dir", portal.RepositoryPath(service.Id), "rev-list", "--count", "main");
        Assert.Equal("7", history.Trim()); // welcome + six uploads, each on top of the one before
    }

    [Fact]
    public async Task A_new_service_that_reuses_an_old_id_does_not_see_the_old_code()
    {
        var repositories = portal.Services.GetRequiredService<CodeRepositories>();
        var php = ServiceTypeCatalog.Get("php");
        var old = new Service(1, php, "old", DateTimeOffset.UtcNow.AddDays(-1)); // both have id 0: never saved
        var reused = new Service(1, php, "new", DateTimeOffset.UtcNow);
        await using (var archive = await StagedArchive.SaveAsync(new MemoryStream(TestArchives.Zip(new TestEntry("index.php", "old code"))), "o.zip", 1024 * 1024, default))
            await repositories.AddUploadAsync(old, archive, "old code", "someone");
        Assert.Equal(2, (await repositories.ListAsync(old)).Count);

        Assert.Equal(["code-default"], (await repositories.ListAsync(reused)).Select(v => v.Id));
        Assert.Single(Directory.GetDirectories(Path.Combine(portal.DataDirectory, "repos", ".retired"), "0-*.git"));
    }

    [Fact]
    public async Task A_repository_that_lost_its_hooks_or_push_rules_gets_them_back_on_next_use()
    {
        var user = await ApiUser.SignUpAsync(portal, $"heal-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        await user.ListAsync(service.Id);
        var repository = portal.RepositoryPath(service.Id);
        File.Delete(Path.Combine(repository, "hooks", "pre-receive"));
        await File.WriteAllTextAsync(Path.Combine(repository, "hooks", "post-receive"), "#!/bin/sh\necho old\n");
        using var git = new GitClient();
        await git.RunOkAsync(null, "--git-dir", repository, "config", "receive.denyNonFastForwards", "false");

        await user.ListAsync(service.Id);

        Assert.Equal("true", (await git.RunOkAsync(null, "--git-dir", repository, "config", "receive.denyNonFastForwards")).Trim());
        Assert.Contains("only the main branch", await File.ReadAllTextAsync(Path.Combine(repository, "hooks", "pre-receive")));
        Assert.Contains("ConPaaS: received version", await File.ReadAllTextAsync(Path.Combine(repository, "hooks", "post-receive")));
    }
}

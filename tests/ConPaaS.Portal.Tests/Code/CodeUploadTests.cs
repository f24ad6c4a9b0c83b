using System.Net;
using System.Text.RegularExpressions;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>Code versions through the JSON API: the welcome version, ZIP and tar.gz uploads, download, delete, isolation.</summary>
public sealed class CodeUploadTests(CodePortal portal) : IClassFixture<CodePortal>
{
    [Fact]
    public async Task A_new_php_service_has_the_welcome_version_active()
    {
        var user = await ApiUser.SignUpAsync(portal, $"welcome-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();

        var version = Assert.Single(await user.ListAsync(service.Id));
        Assert.Equal(("code-default", CodeVersionSources.Default, true), (version.Id, version.Source, version.Active));

        var files = TestArchives.ReadZip(await user.DownloadAsync(service.Id, "code-default"));
        Assert.Contains("service is ready", Assert.Single(files, f => f.Key == "index.php").Value.Content);
        Assert.Contains($"/git/{service.Id}.git", files["index.php"].Content);
    }

    [Fact]
    public async Task Deleting_a_service_or_its_application_deletes_its_repository_and_folder()
    {
        var user = await ApiUser.SignUpAsync(portal, $"del-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "one")), "one.zip");
        var folder = Path.Combine(portal.DataDirectory, "services", $"{service.Id}");
        Directory.CreateDirectory(folder);
        Assert.True(Directory.Exists(portal.RepositoryPath(service.Id)));

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}")).StatusCode);

        Assert.False(Directory.Exists(portal.RepositoryPath(service.Id)), "the git repository is gone");
        Assert.False(Directory.Exists(folder), "the service's folder is gone");

        var other = await user.CreatePhpServiceAsync();
        await user.UploadOkAsync(other.Id, TestArchives.Zip(new TestEntry("index.php", "two")), "two.zip");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/applications/{other.ApplicationId}")).StatusCode);
        Assert.False(Directory.Exists(portal.RepositoryPath(other.Id)), "deleting the application deletes its services' repositories");
    }

    [Fact]
    public async Task A_zip_upload_becomes_a_listed_version_that_downloads_with_the_same_files()
    {
        var user = await ApiUser.SignUpAsync(portal, $"zip-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var archive = TestArchives.Zip(
            new TestEntry("site/"),
            new TestEntry("site/index.php", "<?php echo 'hello';"),
            new TestEntry("site/lib/util.php", "<?php function util() {}"),
            new TestEntry("site/bin/run.sh", "#!/bin/sh\necho run\n", Executable: true),
            TestEntry.Link("site/current.php", "lib/util.php"));

        var created = await user.UploadOkAsync(service.Id, archive, "site.zip", "First release");

        Assert.Matches(new Regex("^[0-9a-f]{7,}$"), created.Id);
        Assert.Equal((CodeVersionSources.Upload, "First release", user.UserName, false),
            (created.Source, created.Message, created.Author, created.Active));
        Assert.Equal([created.Id, "code-default"], (await user.ListAsync(service.Id)).Select(v => v.Id));

        // The single top-level folder is gone; content, executable bits and the link survive.
        var files = TestArchives.ReadZip(await user.DownloadAsync(service.Id, created.Id));
        Assert.Equal(["bin/run.sh", "current.php", "index.php", "lib/util.php"], files.Keys.Order());
        Assert.Equal(("<?php echo 'hello';", false, false), files["index.php"]);
        Assert.Equal(("#!/bin/sh\necho run\n", false, true), files["bin/run.sh"]);
        Assert.Equal(("lib/util.php", true, false), files["current.php"]);
    }

    [Fact]
    public async Task A_tar_gz_upload_becomes_a_version_too_and_the_newest_is_listed_first()
    {
        var user = await ApiUser.SignUpAsync(portal, $"tar-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var first = await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "one")), "one.zip");

        var second = await user.UploadOkAsync(service.Id, TestArchives.TarGz(
            new TestEntry("index.php", "<?php echo 'two';"),
            new TestEntry("css/"),
            new TestEntry("css/site.css", "body {}"),
            TestEntry.Link("style.css", "css/site.css")), "two.tar.gz");

        var versions = await user.ListAsync(service.Id);
        Assert.Equal([second.Id, first.Id, "code-default"], versions.Select(v => v.Id));
        Assert.Equal("Upload of two.tar.gz", versions[0].Message);
        var files = TestArchives.ReadZip(await user.DownloadAsync(service.Id, second.Id));
        Assert.Equal(["css/site.css", "index.php", "style.css"], files.Keys.Order());
        Assert.Equal("<?php echo 'two';", files["index.php"].Content);
        Assert.Equal(("css/site.css", true, false), files["style.css"]);
    }

    [Fact]
    public async Task Deleting_a_version_removes_it_but_the_active_one_and_unknown_ones_are_refused()
    {
        var user = await ApiUser.SignUpAsync(portal, $"del-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var version = await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "x")), "x.zip");

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/code/{version.Id}")).StatusCode);
        Assert.Equal(["code-default"], (await user.ListAsync(service.Id)).Select(v => v.Id));
        await (await user.Http.GetAsync($"/api/v1/services/{service.Id}/code/{version.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/code/code-default"))
            .AssertProblemAsync(HttpStatusCode.Conflict, "active");
        await (await user.Http.DeleteAsync($"/api/v1/services/{service.Id}/code/{version.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["code-default"], (await user.ListAsync(service.Id)).Select(v => v.Id));
    }

    [Fact]
    public async Task Another_users_service_looks_missing_and_a_service_without_code_is_refused()
    {
        var owner = await ApiUser.SignUpAsync(portal, $"own-{Guid.NewGuid():N}"[..16]);
        var stranger = await ApiUser.SignUpAsync(portal, $"str-{Guid.NewGuid():N}"[..16]);
        var service = await owner.CreatePhpServiceAsync();
        var archive = TestArchives.Zip(new TestEntry("index.php", "x"));

        await (await stranger.Http.GetAsync($"/api/v1/services/{service.Id}/code")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.UploadAsync(service.Id, archive, "x.zip")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.GetAsync($"/api/v1/services/{service.Id}/code/code-default")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.DeleteAsync($"/api/v1/services/{service.Id}/code/code-default")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await owner.ListAsync(service.Id));

        var database = await owner.CreatePhpServiceAsync("mysql");
        await (await owner.Http.GetAsync($"/api/v1/services/{database.Id}/code")).AssertProblemAsync(HttpStatusCode.Conflict, "only php and java");
        await (await owner.UploadAsync(database.Id, archive, "x.zip")).AssertProblemAsync(HttpStatusCode.Conflict, "only php and java");
    }

    [Fact]
    public async Task A_form_without_an_archive_is_refused()
    {
        var user = await ApiUser.SignUpAsync(portal, $"form-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var form = new MultipartFormDataContent { { new StringContent("no file"), "description" } };

        var problem = await (await user.Http.PostAsync($"/api/v1/services/{service.Id}/code", form))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "field named 'archive'");
        Assert.Equal("archive", problem.Extensions["field"]?.ToString());
    }
}

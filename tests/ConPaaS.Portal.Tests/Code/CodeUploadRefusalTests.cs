using System.IO.Compression;
using System.Net;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// Archives the portal must refuse: each answers 400 with a reason naming the field 'archive', and the repository
/// is exactly as before — no version, no tag, no commit, not even a stray object.
/// </summary>
public sealed class CodeUploadRefusalTests(CodePortal portal) : IClassFixture<CodePortal>
{
    public static TheoryData<string, string> Cases => new()
    {
        { "dot-dot", "climbs out of the archive" },
        { "dot-dot-tar", "climbs out of the archive" },
        { "absolute", "absolute path" },
        { "absolute-tar", "absolute path" },
        { "link-out-zip", "outside the archive" },
        { "link-out-tar", "outside the archive" },
        { "link-absolute", "outside the archive" },
        { "link-through-link", "through another link" },
        { "hard-link", "hard link" },
        { "git-folder", ".git" },
        { "duplicate", "appears twice" },
        { "truncated-zip", "damaged" },
        { "truncated-tar-gz", "damaged" },
        // Headers that lie about an entry's content: .NET itself would cut or pass these silently.
        { "zip-size-short", "damaged: its entry 'lib.php' does not match the checksum" },
        { "zip-size-long", "damaged: its entry 'lib.php' ends after 5000 bytes, but the archive records 5001" },
        { "zip-stored-size-short", "damaged: its entry 'lib.php' holds more than the 4999 bytes" },
        { "zip-stored-size-long", "damaged: its entry 'lib.php' ends after 5000 bytes, but the archive records 5001" },
        { "zip-crc", "damaged: its entry 'lib.php' does not match the checksum" },
        { "not-an-archive", "not a ZIP, tar.gz or tar" },
        { "empty-zip", "no files" },
        { "only-folders", "no files" },
        { "too-large", "larger than the limit of 64 KiB" },
        { "zip-bomb", "unpacks to more than 640 KiB" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unsafe_or_broken_archive_is_refused_and_leaves_nothing_behind(string shape, string reason)
    {
        var user = await ApiUser.SignUpAsync(portal, $"bad-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var versions = await user.ListAsync(service.Id);
        using var git = new GitClient();
        var before = await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id));

        var problem = await (await user.UploadAsync(service.Id, Archive(shape), $"{shape}.zip"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, reason);

        Assert.Equal("archive", problem.Extensions["field"]?.ToString());
        Assert.Equal(versions, await user.ListAsync(service.Id));
        Assert.Equal(before, await RepositorySnapshot.TakeAsync(git, portal.RepositoryPath(service.Id)));
    }

    private static byte[] Archive(string shape)
    {
        var index = new TestEntry("index.php", "<?php echo 'ok';");
        return shape switch
        {
            "dot-dot" => TestArchives.Zip(index, new TestEntry("../../evil.php", "x")),
            "dot-dot-tar" => TestArchives.TarGz(index, new TestEntry("site/../../evil.php", "x")),
            "absolute" => TestArchives.Zip(index, new TestEntry("/etc/cron.d/evil", "x")),
            "absolute-tar" => TestArchives.TarGz(index, new TestEntry("/etc/cron.d/evil", "x")),
            "link-out-zip" => TestArchives.Zip(index, TestEntry.Link("secrets", "../../../etc")),
            "link-out-tar" => TestArchives.TarGz(index, TestEntry.Link("lib/secrets", "../../..")),
            "link-absolute" => TestArchives.Zip(index, TestEntry.Link("passwd", "/etc/passwd")),
            // Each link alone stays inside, but 'up' is the root, so 'up/..' leaves the tree.
            "link-through-link" => TestArchives.Zip(index, TestEntry.Link("a/b/up", "../.."), TestEntry.Link("a/b/out", "up/../x")),
            "hard-link" => HardLinkTar(),
            "git-folder" => TestArchives.Zip(index, new TestEntry(".git/hooks/post-checkout", "x")),
            "duplicate" => TestArchives.Zip(index, new TestEntry("index.php", "again")),
            "truncated-zip" => TestArchives.Zip(index, new TestEntry("lib.php", new string('x', 5000)))[..^30],
            "zip-size-short" => TestArchives.Lying(TestArchives.Zip(index, Lib()), "lib.php", sizeDelta: -1),
            "zip-size-long" => TestArchives.Lying(TestArchives.Zip(index, Lib()), "lib.php", sizeDelta: 1),
            "zip-stored-size-short" => TestArchives.Lying(TestArchives.Zip(CompressionLevel.NoCompression, index, Lib()), "lib.php", sizeDelta: -1),
            "zip-stored-size-long" => TestArchives.Lying(TestArchives.Zip(CompressionLevel.NoCompression, index, Lib()), "lib.php", sizeDelta: 1),
            "zip-crc" => TestArchives.Lying(TestArchives.Zip(index, Lib()), "lib.php", wrongCrc: true),
            "truncated-tar-gz" => TestArchives.TarGz(index, new TestEntry("lib.php", RandomText(20_000)))[..^4000],
            "not-an-archive" => "just some text, not an archive"u8.ToArray(),
            "empty-zip" => TestArchives.Zip(),
            "only-folders" => TestArchives.Zip(new TestEntry("site/"), new TestEntry("site/lib/")),
            "too-large" => TestArchives.IncompressibleZip((int)CodePortal.UploadLimit + 1024),
            "zip-bomb" => TestArchives.ZipBomb(CodePortal.UploadLimit * 10 + 64 * 1024),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
    }

    private static TestEntry Lib() => new("lib.php", RandomText(5000));

    private static byte[] HardLinkTar()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "index.php")
                { DataStream = new MemoryStream("x"u8.ToArray()) });
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.HardLink, "copy.php") { LinkName = "index.php" });
        }
        return buffer.ToArray();
    }

    private static string RandomText(int length)
    {
        var random = new Random(11);
        return new string(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
    }
}

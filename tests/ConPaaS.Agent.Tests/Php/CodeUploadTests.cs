using System.Net;
using ConPaaS.Infrastructure.Agents;
using ConPaaS.Infrastructure.Clouds;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>The agent's code store: uploads unpack atomically, hostile or damaged archives leave nothing behind.</summary>
public sealed class CodeUploadTests : IAsyncLifetime
{
    private readonly PhpNodes _nodes = new();
    private CloudNode _node = null!;

    public async Task InitializeAsync() => _node = (await _nodes.CreateNodesAsync("code-store"))[0];

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task An_upload_is_unpacked_listed_kept_on_retry_and_deleted()
    {
        var zip = TestArchives.Zip(("index.php", "<?php echo 1;"), ("static/hello.txt", "hello"), ("alias.txt", "->static/hello.txt"));

        var uploaded = await _nodes.UploadAsync(_node, "code-a1", zip);
        var again = await _nodes.UploadAsync(_node, "code-a1", TestArchives.Zip(("other.php", "<?php")));
        var list = await _nodes.Code.ListCodeVersionsAsync(_node.Agent);

        Assert.Equal("code-a1", uploaded.Version);
        Assert.False(uploaded.Active);
        Assert.Equal(uploaded.UnpackedAt, again.UnpackedAt);
        Assert.Equal(["code-a1", "code-default"], list.Versions.Select(version => version.Version));
        var directory = Path.Combine(_nodes.CodeDirectory(_node), "code-a1");
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(directory, "static", "hello.txt")));
        Assert.Equal("static/hello.txt", new FileInfo(Path.Combine(directory, "alias.txt")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(directory, "other.php")));

        var afterDelete = await _nodes.Code.DeleteCodeVersionAsync(_node.Agent, "code-a1");
        await _nodes.Code.DeleteCodeVersionAsync(_node.Agent, "code-a1");

        Assert.Equal(["code-default"], afterDelete.Versions.Select(version => version.Version));
        Assert.False(Directory.Exists(directory));
        Assert.Null(await _nodes.Code.FindCodeVersionAsync(_node.Agent, "code-a1"));
    }

    public static TheoryData<string, byte[], string> HostileArchives() => new()
    {
        { "zip-slip", TestArchives.Zip(("index.php", "<?php"), ("../../escaped.php", "<?php")), "'..'" },
        { "absolute path", TestArchives.Zip(("/tmp/conpaas-escaped.php", "<?php")), "absolute path" },
        { "backslash slip", TestArchives.Zip(("..\\escaped.php", "<?php")), "'..'" },
        { "link out", TestArchives.Zip(("index.php", "<?php"), ("passwd", "->../../../../../../etc/passwd")), "outside" },
        { "absolute link", TestArchives.Zip(("passwd", "->/etc/passwd")), "absolute path" },
        { "link chain out", TestArchives.Zip(("here", "->."), ("up", "->here/..")), "outside" },
        { "write through a link", TestArchives.Zip(("sub/a.txt", "a"), ("into", "->sub"), ("into/b.txt", "b")), "through a symbolic link" },
        { "corrupt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE], "not a readable ZIP" },
        { "truncated", TestArchives.PhpVersion("v1")[..40], "not a readable ZIP" },
        { "empty", [], "empty" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task A_hostile_or_damaged_archive_is_refused_and_leaves_nothing(string kind, byte[] zip, string reason)
    {
        var before = Snapshot();

        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => _nodes.UploadAsync(_node, "code-bad", zip));

        Assert.True(refusal.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {refusal.Message}");
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists("/tmp/conpaas-escaped.php"));
        Assert.False(File.Exists(Path.Combine(_nodes.NodeDirectory(_node), "escaped.php")));
    }

    [Theory]
    [InlineData("current")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    public async Task A_version_id_that_is_no_folder_name_is_refused(string version)
    {
        var refusal = await Assert.ThrowsAsync<AgentCallFailedException>(() => _nodes.UploadAsync(_node, version, TestArchives.PhpVersion("v1")));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
    }

    /// <summary>Everything under the node's data folder except logs, which the agent writes as it pleases.</summary>
    private List<string> Snapshot()
    {
        var root = _nodes.NodeDirectory(_node);
        return Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.StartsWith("logs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

using ConPaaS.Portal.Tests.Support;
using LibGit2Sharp;
using Xunit.Abstractions;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>Runs alone: it measures the whole process's memory.</summary>
[CollectionDefinition(nameof(UploadMemoryTests), DisableParallelization = true)]
public sealed class UploadMemoryCollection;

/// <summary>
/// An upload's memory does not grow with what its archive unpacks to (issue 15: a ZIP of 900 MiB of zeros cost the
/// portal 0.9 GB, because the imported file was read back whole into libgit2's memory).
/// </summary>
[Collection(nameof(UploadMemoryTests))]
public sealed class UploadMemoryTests(UploadLimitsPortal portal, ITestOutputHelper output) : IClassFixture<UploadLimitsPortal>
{
    private const long Zeros = 512L * 1024 * 1024;
    private const long AllowedExtraBytes = 50L * 1024 * 1024;

    [Fact]
    public async Task A_zip_of_512_MiB_of_zeros_is_imported_whole_with_under_50_MB_of_extra_memory()
    {
        var user = await ApiUser.SignUpAsync(portal, $"mem-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var archive = TestArchives.ZipBomb(Zeros); // about half a megabyte, under the upload limit; 512 MiB unpacked is under 1000 MiB
        // The same path once with a small archive, so that loading libgit2 and compiling the code is not counted.
        await user.UploadOkAsync(service.Id, TestArchives.Zip(new TestEntry("index.php", "warm-up")), "warm.zip");

        var peak = PeakMemory.Start();
        var version = await user.UploadOkAsync(service.Id, archive, "zeros.zip");
        var extra = peak.ExtraBytes;
        output.WriteLine($"{Zeros >> 20} MiB of zeros imported with {extra / (1024.0 * 1024):0.0} MiB of extra memory at the peak");

        Assert.True(extra < AllowedExtraBytes,
            $"Importing {Zeros >> 20} MiB of zeros raised the portal's memory by {extra >> 20} MiB at its peak (allowed: {AllowedExtraBytes >> 20} MiB).");
        using var repository = new Repository(portal.RepositoryPath(service.Id));
        var commit = repository.Tags[version.Id].PeeledTarget as Commit;
        var blob = commit!.Tree["zeros.bin"].Target.Id;
        Assert.Equal(Zeros, repository.ObjectDatabase.RetrieveObjectMetadata(blob).Size);
    }
}

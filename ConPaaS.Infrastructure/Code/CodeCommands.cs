using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Concurrency;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// Code versions as the API, the UI and the git endpoint see them: every call checks that the caller owns the
/// service (another user's service looks missing) and that its type has code.
/// </summary>
public sealed class CodeCommands(
    IDbContextFactory<PortalDbContext> dbFactory, CodeRepositories repositories, UploadSlots uploadSlots, IOptions<ConPaaSOptions> options)
{
    public long MaxUploadBytes => options.Value.Limits.MaxCodeUploadBytes;

    /// <summary>
    /// One of the caller's upload slots, to hold from before the archive is received until it is added or refused.
    /// </summary>
    /// <exception cref="TooManyRequestsException">The caller has as many uploads in progress as one user may.</exception>
    public IDisposable BeginUpload(Caller caller) => uploadSlots.Take(caller);

    /// <summary>The caller's code service, its repository created if needed.</summary>
    /// <exception cref="NotFoundException">No such service, or not the caller's.</exception>
    /// <exception cref="ConflictException">The service's type has no code.</exception>
    public async Task<Service> GetCodeServiceAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (service, _) = await db.GetOwnedServiceAsync(caller, serviceId, ct);
        await repositories.EnsureCreatedAsync(service, ct);
        return service;
    }

    public async Task<IReadOnlyList<CodeVersionDto>> ListAsync(Caller caller, int serviceId, CancellationToken ct = default)
    {
        var service = await GetCodeServiceAsync(caller, serviceId, ct);
        return (await repositories.ListAsync(service, ct)).Select(v => ToDto(v, service)).ToList();
    }

    /// <summary>
    /// Adds an archive that was already received (see <see cref="StagedArchive.SaveAsync"/>) as a new version; the
    /// caller holds an upload slot (<see cref="BeginUpload"/>) while receiving and adding it.
    /// </summary>
    public async Task<CodeVersionDto> UploadAsync(
        Caller caller, int serviceId, StagedArchive archive, string? description, string uploader, CancellationToken ct = default)
    {
        var service = await GetCodeServiceAsync(caller, serviceId, ct);
        return ToDto(await repositories.AddUploadAsync(service, archive, description, uploader, ct), service);
    }

    /// <summary>Receives an archive from a stream (at most the configured upload size) and adds it as a new version.</summary>
    public async Task<CodeVersionDto> UploadAsync(
        Caller caller, int serviceId, Stream archive, string? fileName, string? description, string uploader, CancellationToken ct = default)
    {
        await GetCodeServiceAsync(caller, serviceId, ct);
        using var slot = BeginUpload(caller);
        await using var staged = await StagedArchive.SaveAsync(archive, fileName, MaxUploadBytes, ct);
        return await UploadAsync(caller, serviceId, staged, description, uploader, ct);
    }

    /// <summary>The version as a ZIP (a temporary file, deleted when the stream is closed) and a file name for it.</summary>
    public async Task<(Stream Zip, string FileName)> OpenZipAsync(Caller caller, int serviceId, string version, CancellationToken ct = default)
    {
        var service = await GetCodeServiceAsync(caller, serviceId, ct);
        return (await repositories.OpenZipAsync(service, version, ct), $"service-{service.Id}-{version}.zip");
    }

    /// <summary>Deletes a version; the one the service serves is refused.</summary>
    public async Task DeleteAsync(Caller caller, int serviceId, string version, CancellationToken ct = default)
    {
        var service = await GetCodeServiceAsync(caller, serviceId, ct);
        await repositories.DeleteAsync(service, version, service.ActiveCodeVersion, ct);
    }

    private static CodeVersionDto ToDto(CodeVersion version, Service service) =>
        new(version.Id, version.Source, version.Message, version.Author, version.CreatedAt, version.Id == service.ActiveCodeVersion);
}

using System.Text;
using ConPaaS.Domain.Access;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Manifests;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Clouds;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Managers;
using ConPaaS.Infrastructure.Services.MySql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Deploying a manifest (plain JSON or a bundle) as the API, the UI and the CLI ask for it: everything that can be
/// wrong with the input is found before anything is created; then one background job does the deployment.
/// </summary>
public sealed class ManifestCommands(
    IDbContextFactory<PortalDbContext> dbFactory,
    DeploymentStaging staging,
    DeploymentPlans plans,
    IDeploymentQueue queue,
    CloudRegistry clouds,
    ManagerRegistry managers,
    IOptions<ManifestOptions> options,
    TimeProvider clock)
{
    /// <summary>Reads the upload (a manifest's JSON or a ZIP bundle), checks it, fetches its files and queues the deployment.</summary>
    public async Task<DeploymentDto> DeployAsync(
        Caller caller, Stream upload, IReadOnlyDictionary<string, string>? values, bool rollbackOnFailure, CancellationToken ct = default)
    {
        var temporary = Path.Combine(Path.GetTempPath(), $"conpaas-manifest-{Guid.NewGuid():N}");
        try
        {
            await SourceFetcher.CopyLimitedAsync(upload, temporary, options.Value.MaxFileBytes,
                () => ManifestError.At("manifest", $"the upload is larger than the limit of {options.Value.MaxFileBytes / (1024 * 1024)} MiB"), ct);
            await using var file = File.OpenRead(temporary);
            var start = new byte[4];
            var read = await file.ReadAtLeastAsync(start, 4, throwOnEndOfStream: false, ct);
            file.Position = 0;
            if (ManifestBundle.LooksLikeZip(start.AsSpan(0, read)))
            {
                using var bundle = ManifestBundle.Open(file);
                return await DeployAsync(caller, bundle.Manifest, bundle, values, rollbackOnFailure, ct);
            }
            using var reader = new StreamReader(file, Encoding.UTF8);
            return await DeployAsync(caller, await reader.ReadToEndAsync(ct), null, values, rollbackOnFailure, ct);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<DeploymentDto> DeployAsync(
        Caller caller, string json, ManifestBundle? bundle, IReadOnlyDictionary<string, string>? values, bool rollbackOnFailure, CancellationToken ct)
    {
        var resolved = ManifestResolver.Resolve(ManifestReader.Parse(json), values, () => SecretGenerator.Password(24).Replace("-", ""));
        var manifest = Deployable(resolved.Manifest);
        var (folder, files) = await staging.StageAsync(manifest, bundle, ct);
        try
        {
            var plan = new DeploymentPlan(resolved with { Manifest = manifest }, folder, files);
            var deployment = new Deployment(caller.UserId, manifest.Application, plans.Protect(plan), rollbackOnFailure, clock.GetUtcNow());
            foreach (var service in manifest.Services)
                deployment.Services.Add(new DeploymentService(service.Index, service.Type, service.ServiceName ?? $"New {service.Type} service"));
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Set<Deployment>().Add(deployment);
            await db.SaveChangesAsync(ct);
            queue.Enqueue(deployment.Id);
            return deployment.ToDto();
        }
        catch
        {
            DeploymentStaging.Remove(folder);
            throw;
        }
    }

    public async Task<DeploymentDto> GetAsync(Caller caller, int deploymentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deployment = await db.Set<Deployment>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == deploymentId, ct);
        if (deployment is null || !caller.MaySee(deployment.OwnerId))
            throw new NotFoundException("Deployment", deploymentId);
        return deployment.ToDto();
    }

    public async Task<IReadOnlyList<DeploymentDto>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = await db.Set<Deployment>().AsNoTracking().Where(d => d.OwnerId == caller.UserId)
            .OrderByDescending(d => d.Id).Take(50).ToListAsync(ct);
        return mine.Select(d => d.ToDto()).ToList();
    }

    /// <summary>
    /// What the reader cannot know: which types this installation runs, its clouds, its password rules. The
    /// original's cloud name <c>default</c> means the default cloud.
    /// </summary>
    private Manifest Deployable(Manifest manifest)
    {
        var deployable = ServiceTypeCatalog.All.Where(t => managers.For(t.Key) is not CatalogManager).Select(t => t.Key).ToList();
        var services = new List<ManifestService>();
        foreach (var service in manifest.Services)
        {
            if (!deployable.Contains(service.Type))
                throw ManifestError.At($"{service.Field}.Type",
                    $"{(service.WrittenType is { Length: > 0 } written && written != service.Type ? $"{written} ({service.Type})" : service.Type)} services are not offered by this installation yet; deployable types: {string.Join(", ", deployable)}");
            var cloud = service.Cloud;
            if (cloud is not null)
            {
                if (clouds.All.All(c => c.Name != cloud))
                {
                    if (cloud != "default")
                        throw ManifestError.At($"{service.Field}.Cloud",
                            $"there is no cloud named \"{cloud}\"; configured clouds: {string.Join(", ", clouds.All.Select(c => c.Name))}");
                    cloud = clouds.Default.Name;
                }
            }
            if (service.Password is { } password)
            {
                try
                {
                    MySqlPasswords.Validate(password, null);
                }
                catch (InvalidInputException weak)
                {
                    throw ManifestError.At($"{service.Field}.Password", weak.Message.TrimEnd('.'));
                }
            }
            services.Add(service with { Cloud = cloud });
        }
        return manifest with { Services = services };
    }
}

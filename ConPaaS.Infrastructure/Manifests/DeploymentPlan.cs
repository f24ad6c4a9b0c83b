using System.Text.Json;
using ConPaaS.Domain.Manifests;
using Microsoft.AspNetCore.DataProtection;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>What a deployment job works from: the resolved manifest and the files it fetched beforehand.</summary>
/// <param name="Staging">The deployment's own folder under the data folder; removed when the deployment ends.</param>
/// <param name="Files">The staged file of each source, by its field (<c>Services[0].Archive</c>).</param>
public sealed record DeploymentPlan(ResolvedManifest Resolved, string Staging, IReadOnlyDictionary<string, string> Files);

/// <summary>Plans are kept encrypted in the database: they hold generated secrets and the user's values.</summary>
public sealed class DeploymentPlans(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ConPaaS.DeploymentPlan.v1");

    public string Protect(DeploymentPlan plan) => _protector.Protect(JsonSerializer.Serialize(plan));

    public DeploymentPlan Unprotect(string protectedPlan) =>
        JsonSerializer.Deserialize<DeploymentPlan>(_protector.Unprotect(protectedPlan))
        ?? throw new InvalidOperationException("An empty deployment plan.");
}

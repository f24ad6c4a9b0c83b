using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Clouds.Stored;
using ConPaaS.Infrastructure.Clouds.Vm;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>Admin only: the clouds added on the portal (the ones of appsettings are listed, read-only). And the agent build new machines fetch.</summary>
internal static class CloudEndpoints
{
    public static void MapCloudAdministration(this RouteGroupBuilder api)
    {
        var clouds = api.MapGroup("/admin/clouds").WithTags("Clouds");
        clouds.MapGet("", async (HttpContext http, CloudAdministration admin, CancellationToken ct) =>
                TypedResults.Ok(await admin.ListAsync(http.User.ToCaller(), ct)))
            .WithName("ListCloudDefinitions").WithSummary("Admin only: every cloud with its driver settings (never its secret) and its live node count.");
        clouds.MapPost("", async (CloudDefinitionRequest request, HttpContext http, CloudAdministration admin, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/admin/clouds/{request.Name}", await admin.CreateAsync(http.User.ToCaller(), request, ct)))
            .WithName("AddCloud").WithSummary("Admin only: add a cloud (ec2 or opennebula); its secret is stored encrypted.");
        clouds.MapPut("/{name}", async (string name, CloudDefinitionRequest request, HttpContext http, CloudAdministration admin, CancellationToken ct) =>
                TypedResults.Ok(await admin.UpdateAsync(http.User.ToCaller(), name, request, ct)))
            .WithName("EditCloud").WithSummary("Admin only: change a cloud added on the portal; an empty secret keeps the stored one.");
        clouds.MapDelete("/{name}", async (string name, HttpContext http, CloudAdministration admin, CancellationToken ct) =>
            {
                await admin.DeleteAsync(http.User.ToCaller(), name, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveCloud").WithSummary("Admin only: remove a cloud added on the portal; refused while it runs nodes.");
    }

    /// <summary>The agent build that new machines download at first boot (not secret: it holds no credentials).</summary>
    public static void MapAgentPackage(this WebApplication app) =>
        app.MapGet($"/agent/{AgentPackage.FileName}", async (AgentPackage package) =>
                TypedResults.PhysicalFile(await package.GetPathAsync(), "application/gzip", AgentPackage.FileName))
            .AllowAnonymous().ExcludeFromDescription();
}

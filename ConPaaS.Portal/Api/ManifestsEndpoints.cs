using System.Text.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Manifests;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

/// <summary>
/// Manifests: deploy one (plain JSON or a ZIP bundle), deploy a template of the gallery, follow a deployment, and
/// export an application as a bundle.
/// </summary>
internal static class ManifestsEndpoints
{
    public static void MapManifests(this RouteGroupBuilder api)
    {
        api.MapPost("/manifests", async (HttpContext http, ManifestCommands commands, CancellationToken ct) =>
            {
                var caller = http.User.ToCaller();
                DeploymentDto deployment;
                if (http.Request.HasFormContentType)
                {
                    var form = await http.Request.ReadFormAsync(ct);
                    var file = form.Files.GetFile("manifest")
                        ?? throw new InvalidInputException("manifest", "Send the manifest (JSON) or bundle (ZIP) in a multipart field named 'manifest'.");
                    await using var upload = file.OpenReadStream();
                    deployment = await commands.DeployAsync(caller, upload, Variables(form["variables"]), IsTrue(form["rollbackOnFailure"]), ct);
                }
                else
                {
                    deployment = await commands.DeployAsync(caller, http.Request.Body, Variables(http.Request.Query["variables"]),
                        IsTrue(http.Request.Query["rollbackOnFailure"]), ct);
                }
                return TypedResults.Accepted($"/api/v1/deployments/{deployment.Id}", deployment);
            })
            .WithTags("Manifests").WithName("DeployManifest")
            .WithSummary("Deploy a manifest: the body is its JSON or a ZIP bundle, or multipart with 'manifest', 'variables' (a JSON object) and 'rollbackOnFailure'. Follow it at the Location.")
            .DisableAntiforgery();

        api.MapGet("/deployments", async (HttpContext http, ManifestCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListAsync(http.User.ToCaller(), ct)))
            .WithTags("Manifests").WithName("ListDeployments").WithSummary("Your latest deployments, newest first.");

        api.MapGet("/deployments/{id:int}", async (int id, HttpContext http, ManifestCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.GetAsync(http.User.ToCaller(), id, ct)))
            .WithTags("Manifests").WithName("GetDeployment").WithSummary("A deployment with the stage and step of each service.");

        api.MapGet("/templates", (TemplateGallery gallery) => TypedResults.Ok(gallery.List()))
            .WithTags("Manifests").WithName("ListTemplates").WithSummary("The ready-made applications and the variables each asks for.");

        api.MapPost("/templates/{name}/deploy", async (string name, DeployTemplateRequest? request, HttpContext http,
                TemplateGallery gallery, ManifestCommands commands, CancellationToken ct) =>
            {
                await using var bundle = await gallery.OpenBundleAsync(name, ct);
                var deployment = await commands.DeployAsync(http.User.ToCaller(), bundle, request?.Variables, request?.RollbackOnFailure ?? false, ct);
                return TypedResults.Accepted($"/api/v1/deployments/{deployment.Id}", deployment);
            })
            .WithTags("Manifests").WithName("DeployTemplate").WithSummary("Deploy a template of the gallery with the given variables.");

        api.MapGet("/applications/{id:int}/manifest", async (int id, HttpContext http, ManifestExporter exporter, CancellationToken ct) =>
            {
                var (fileName, path) = await exporter.ExportAsync(http.User.ToCaller(), id, ct);
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                return TypedResults.File(stream, "application/zip", fileName);
            })
            .WithTags("Applications").WithName("ExportApplication")
            .WithSummary("The application as a manifest bundle (manifest, active code archives, database dumps) that deploys into the same application.");
    }

    private static Dictionary<string, string>? Variables(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            throw new InvalidInputException("variables", "The variables must be a JSON object of names to text values, e.g. {\"title\":\"My blog\"}.");
        }
    }

    private static bool IsTrue(string? value) => value is "true" or "True" or "1" or "on";
}

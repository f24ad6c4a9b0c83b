using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

internal static class ServicesEndpoints
{
    public static void MapServices(this RouteGroupBuilder api)
    {
        var services = api.MapGroup("/services").WithTags("Services");

        services.MapGet("", async (int? applicationId, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListAsync(http.User.ToCaller(), applicationId, ct)))
            .WithName("ListServices").WithSummary("Your services, optionally of one application.");

        services.MapPost("", async (CreateServiceRequest request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
            {
                var created = await commands.CreateAsync(http.User.ToCaller(), request, ct);
                return TypedResults.Created($"/api/v1/services/{created.Id}", created);
            })
            .WithName("CreateService").WithSummary("Create a service of a catalogue type in one of your applications.");

        services.MapGet("/{id:int}", async (int id, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.GetAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetService").WithSummary("One service.");

        services.MapPatch("/{id:int}", async (int id, ServiceSettingsRequest request, HttpContext http, ServiceCommands commands,
                LifecycleCommands lifecycle, CancellationToken ct) =>
            {
                var caller = http.User.ToCaller();
                var result = await commands.GetAsync(caller, id, ct);
                if (request.Name is not null)
                    result = await commands.RenameAsync(caller, id, request.Name, ct);
                if (request.AutoReplaceFailedNodes is { } autoReplace)
                    result = await lifecycle.SetAutoReplaceAsync(caller, id, autoReplace, ct);
                if (request.DeployOnPush is { } deployOnPush)
                    result = await lifecycle.SetDeployOnPushAsync(caller, id, deployOnPush, ct);
                return TypedResults.Ok(result);
            })
            .WithName("UpdateService").WithSummary("Rename a service or change its settings (autoReplaceFailedNodes, deployOnPush).");

        services.MapDelete("/{id:int}", async (int id, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(http.User.ToCaller(), id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteService").WithSummary("Delete a stopped service.");
    }
}

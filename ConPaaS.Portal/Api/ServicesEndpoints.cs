using ConPaaS.Domain.Contracts;
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

        services.MapPatch("/{id:int}", async (int id, RenameRequest request, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.RenameAsync(http.User.ToCaller(), id, request.Name, ct)))
            .WithName("RenameService").WithSummary("Rename a service.");

        services.MapDelete("/{id:int}", async (int id, HttpContext http, ServiceCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(http.User.ToCaller(), id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteService").WithSummary("Delete a stopped service.");
    }
}

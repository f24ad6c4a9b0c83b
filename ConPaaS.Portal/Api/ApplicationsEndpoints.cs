using ConPaaS.Domain.Contracts;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Portal.Hosting;

namespace ConPaaS.Portal.Api;

internal static class ApplicationsEndpoints
{
    public static void MapApplications(this RouteGroupBuilder api)
    {
        var applications = api.MapGroup("/applications").WithTags("Applications");

        applications.MapGet("", async (HttpContext http, ApplicationCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.ListAsync(http.User.ToCaller(), ct)))
            .WithName("ListApplications").WithSummary("Your applications with their services.");

        applications.MapPost("", async (CreateApplicationRequest request, HttpContext http, ApplicationCommands commands, CancellationToken ct) =>
            {
                var created = await commands.CreateAsync(http.User.ToCaller(), request.Name, ct);
                return TypedResults.Created($"/api/v1/applications/{created.Id}", created);
            })
            .WithName("CreateApplication").WithSummary("Create an application.");

        applications.MapGet("/{id:int}", async (int id, HttpContext http, ApplicationCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.GetAsync(http.User.ToCaller(), id, ct)))
            .WithName("GetApplication").WithSummary("One application with its services.");

        applications.MapPatch("/{id:int}", async (int id, RenameRequest request, HttpContext http, ApplicationCommands commands, CancellationToken ct) =>
                TypedResults.Ok(await commands.RenameAsync(http.User.ToCaller(), id, request.Name, ct)))
            .WithName("RenameApplication").WithSummary("Rename an application.");

        applications.MapDelete("/{id:int}", async (int id, HttpContext http, ApplicationCommands commands, CancellationToken ct) =>
            {
                await commands.DeleteAsync(http.User.ToCaller(), id, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteApplication").WithSummary("Delete an application whose services are all stopped.");
    }
}

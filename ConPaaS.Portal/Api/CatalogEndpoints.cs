using ConPaaS.Domain.Contracts;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Catalog;

namespace ConPaaS.Portal.Api;

internal static class CatalogEndpoints
{
    public static void MapCatalog(this RouteGroupBuilder api)
    {
        api.MapGet("/types", () => TypedResults.Ok(
                ServiceTypeCatalog.All.Select(t => new ServiceTypeDto(t.Key, t.DisplayName, t.Description, t.Roles)).ToList()))
            .WithName("ListServiceTypes")
            .WithSummary("The service types this installation offers, with their roles (the original's 'available').")
            .WithTags("Catalog");

        api.MapGet("/clouds", (CloudCatalog clouds) => TypedResults.Ok(clouds.List()))
            .WithName("ListClouds")
            .WithSummary("The configured clouds and their instance types with hourly prices.")
            .WithTags("Catalog");
    }
}

using System.Text.Json.Serialization;

namespace ConPaaS.Portal.Api;

internal static class ApiExtensions
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();
        // Outside Development the framework answers a body it cannot read with a bare 400; thrown, it reaches
        // DomainExceptionHandler, which says which field is wrong and what it should be.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>The JSON API of "The outside contract", all under <c>/api/v1</c>.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapAgentPackage();
        var api = app.MapGroup("/api/v1");
        api.MapTokens();
        var authenticated = api.MapGroup("").RequireAuthorization(Hosting.Policies.Api);
        authenticated.MapCatalog();
        authenticated.MapApplications();
        authenticated.MapServices();
        authenticated.MapServiceLifecycle();
        authenticated.MapNodes();
        authenticated.MapCode();
        authenticated.MapMySql();
        authenticated.MapTaskFarm();
        authenticated.MapManifests();
        authenticated.MapCredit();
        authenticated.MapUsers();
        authenticated.MapCloudAdministration();
        return app;
    }
}

using ConPaaS.Portal.Components;
using Hangfire;
using Hangfire.Dashboard;
using MudBlazor.Services;

namespace ConPaaS.Portal.Hosting;

internal static class PortalUiExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Components.Shared.CurrentCaller>();
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBlazorOriginCheck();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        return app;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Hangfire's dashboard, behind the portal's own login and for admins only.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                // The endpoint's policy below does the check; Hangfire's default filter would allow local requests only.
                Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
                AppPath = "/",
                DashboardTitle = "ConPaaS jobs",
            })
            .RequireAuthorization(Policies.Admin);
        return app;
    }
}

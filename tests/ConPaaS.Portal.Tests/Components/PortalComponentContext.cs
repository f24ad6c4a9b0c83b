using System.Security.Claims;
using Bunit;
using ConPaaS.Infrastructure.Applications;
using ConPaaS.Infrastructure.Catalog;
using ConPaaS.Infrastructure.Nodes;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Events;
using ConPaaS.Infrastructure.Services;
using ConPaaS.Portal.Components.Shared;
using ConPaaS.Portal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ConPaaS.Portal.Tests.Components;

/// <summary>
/// bUnit with MudBlazor and the portal's real command handlers on the fixture's SQLite database,
/// signed in as <paramref name="user"/>.
/// </summary>
public sealed class PortalComponentContext : BunitContext
{
    public PortalComponentContext(PortalFactory portal, PortalUser user, bool admin = false)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        Services.AddSingleton(portal.Services.GetRequiredService<PortalEvents>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConPaaS.Infrastructure.Options.ConPaaSOptions>>());
        Services.AddSingleton(portal.Services.GetRequiredService<ConPaaS.Infrastructure.Managers.ManagerRegistry>());
        Services.AddSingleton(portal.Services.GetRequiredService<ConPaaS.Infrastructure.Services.ServiceSecrets>());
        Services.AddScoped<ApplicationCommands>();
        Services.AddScoped<ServiceCommands>();
        Services.AddScoped<CurrentCaller>();
        // The lifecycle side comes whole from the portal: its clouds, managers and Hangfire queue are real.
        Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<LifecycleCommands>());
        Services.AddScoped(_ => portal.Services.CreateScope().ServiceProvider.GetRequiredService<NodeLogs>());
        Services.AddSingleton(portal.Services.GetRequiredService<CloudCatalog>());

        var authorization = AddAuthorization();
        authorization.SetAuthorized(user.UserName!);
        // Roles first: bUnit rebuilds the principal on SetRoles, which would drop a claim set before it.
        if (admin)
            authorization.SetRoles(Roles.Admin);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
    }
}

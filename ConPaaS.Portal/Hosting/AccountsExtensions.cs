using System.Threading.RateLimiting;
using ConPaaS.Infrastructure.Data;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Portal.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Portal.Hosting;

internal static class AccountsExtensions
{
    /// <summary>The paths where a password is tried; they share one per-address limit against guessing.</summary>
    private static readonly string[] PasswordPaths = ["/account/login", "/account/register", "/api/v1/tokens"];

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null)
            .AddIdentityCookies();

        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "ConPaaS.Session";
        });

        builder.Services.AddIdentityCore<PortalUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true; // see EnabledAccountConfirmation
                options.Password.RequiredLength = 8;
                // Identity's lockout would lock the account itself, for anyone who guesses wrong five times;
                // failures lock an address out of a user name instead (LoginFailures, through PasswordCheck).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.Services.AddScoped<IUserConfirmation<PortalUser>, EnabledAccountConfirmation>();
        // Every request checks the cookie's security stamp against the user's: logging out (which changes the
        // stamp) makes a copy of the cookie worthless at once, not after the default 30 minutes.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Api, policy => policy
                .AddAuthenticationSchemes(PersonalAccessTokenHandler.SchemeName)
                .RequireAuthenticatedUser());

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        var limits = builder.Configuration.GetSection(ConPaaSOptions.Section).Get<ConPaaSOptions>()?.Limits ?? new LimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsPasswordAttempt(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
        return builder;
    }

    private static bool IsPasswordAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && PasswordPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
}

internal static class Policies
{
    public const string Admin = "admin";
    public const string Api = "api";
}

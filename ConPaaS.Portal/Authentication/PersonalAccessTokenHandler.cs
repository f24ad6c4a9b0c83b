using System.Security.Claims;
using System.Text.Encodings.Web;
using ConPaaS.Infrastructure.Accounts;
using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConPaaS.Portal.Authentication;

/// <summary>
/// Authenticates API calls (<c>Authorization: Bearer cps_…</c>) and git pushes (HTTP Basic, the token as
/// password) with a personal access token.
/// </summary>
internal sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    UserManager<PortalUser> users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (userName, token) = ReadCredentials(Request.Headers.Authorization.ToString());
        if (token is null)
            return AuthenticateResult.NoResult();

        var (user, refusal) = await tokens.ValidateAsync(token, Context.RequestAborted);
        if (user is null)
            return AuthenticateResult.Fail(refusal ?? "The access token is refused.");
        if (userName is not null && !string.Equals(userName, user.UserName, StringComparison.Ordinal))
            return AuthenticateResult.Fail("The access token does not belong to that user name.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? ""),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // git asks for credentials only when it sees a Basic challenge.
        Response.Headers.WWWAuthenticate = "Basic realm=\"ConPaaS\", Bearer";
        await Results.Problem(
                title: "Unauthorized",
                detail: failure ?? "Send 'Authorization: Bearer <token>'; create a token with POST /api/v1/tokens or on your profile page.",
                statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(Context);
    }

    /// <summary>Bearer carries the token itself; Basic carries the user name and the token as password.</summary>
    private static (string? UserName, string? Token) ReadCredentials(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, header["Bearer ".Length..].Trim());
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return (null, null);
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}

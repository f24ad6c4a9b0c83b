using System.CommandLine;
using ConPaaS.Cli.Configuration;
using ConPaaS.Cli.Portal;
using ConPaaS.Cli.Terminal;
using ConPaaS.Domain;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// Logs in: exchanges a user name and password for a personal access token and stores the token, never the
/// password. Asks for what the options do not give, the password without echo.
/// </summary>
public sealed class CredentialsCommand : CpsCommand
{
    private readonly Option<string> _url = new("--url") { Description = "The portal's address, e.g. https://conpaas.example.org." };
    private readonly Option<string> _user = new("--user") { Description = "Your user name on the portal." };
    private readonly Option<string> _password = new("--password")
    {
        Description = "Your password (for scripts; without it cps asks, and a redirected input's first line after the other answers is read).",
    };

    public CredentialsCommand() : base("credentials", "Log in to a portal and store a personal access token for the other commands.")
    {
        Add(_url);
        Add(_user);
        Add(_password);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var previous = LoadPrevious(context.Store);
        var prompt = new Prompt(context.Error);

        var url = NormalizeUrl(parse.GetValue(_url) ?? prompt.Ask("Portal URL", previous?.Url));
        var user = (parse.GetValue(_user) ?? prompt.Ask("User name", previous?.UserName)).Trim();
        if (user.Length == 0)
            throw CliFailure.Usage("a user name is needed");
        var password = parse.GetValue(_password) ?? prompt.AskSecret("Password");

        CreatedTokenDto created;
        using (var anonymous = new PortalClient(url, token: null))
            created = await anonymous.PostAsync<CreatedTokenDto>(
                "tokens", new CreateTokenRequest(user, password, TokenName()), ct);

        context.Store.Save(new Credentials(url, user, created.Token, created.Id));
        await RevokeAsync(previous, url, ct);
        context.Output.WriteLine($"Logged in to {url} as {user}; the access token is stored in {context.Store.FilePath}.");
    }

    /// <summary>Names the machine, so that the profile page tells which token to revoke when a laptop is lost.</summary>
    private static string TokenName()
    {
        var name = $"cps on {Environment.MachineName}";
        return name.Length <= Names.MaxLength ? name : name[..Names.MaxLength];
    }

    private static Credentials? LoadPrevious(CredentialsStore store)
    {
        try
        {
            return store.Load();
        }
        catch (CliFailure)
        {
            return null; // An unreadable file is what this command replaces.
        }
    }

    private static string NormalizeUrl(string url)
    {
        url = url.Trim().TrimEnd('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw CliFailure.Usage($"'{url}' is not a portal URL; give an http:// or https:// address, e.g. https://conpaas.example.org");
        return url;
    }

    /// <summary>
    /// The token this file held is no longer used by anyone once replaced; revoking it keeps the profile page's
    /// list of tokens to the ones in use. Best effort: a token already revoked, or of another portal, is let be.
    /// </summary>
    private static async Task RevokeAsync(Credentials? previous, string url, CancellationToken ct)
    {
        if (previous is null || previous.TokenId <= 0 || !string.Equals(previous.Url, url, StringComparison.OrdinalIgnoreCase))
            return;
        using var old = new PortalClient(previous.Url, previous.Token);
        try
        {
            await old.DeleteAsync($"tokens/{previous.TokenId}", ct);
        }
        catch (CliFailure)
        {
        }
    }
}

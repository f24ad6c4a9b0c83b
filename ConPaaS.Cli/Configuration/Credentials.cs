namespace ConPaaS.Cli.Configuration;

/// <summary>
/// What `cps credentials` keeps between calls: the portal, who logged in, and a personal access token.
/// Never the password: a token can be revoked on its own and names the client that holds it.
/// </summary>
public sealed record Credentials(string Url, string UserName, string Token, int TokenId);

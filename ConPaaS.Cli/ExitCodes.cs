namespace ConPaaS.Cli;

/// <summary>What `cps` returns, so that scripts can tell a mistake of theirs from a portal that is away.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Wrong arguments; System.CommandLine's own parse errors exit with 1 too.</summary>
    public const int Usage = 1;

    /// <summary>The portal understood and said no (a 4xx answer), or a name matched no or several resources.</summary>
    public const int Refused = 2;

    /// <summary>No answer from the portal's address, or an answer that is not the portal's API.</summary>
    public const int Unreachable = 3;

    /// <summary>No stored credentials, or the portal no longer accepts them (401).</summary>
    public const int NotLoggedIn = 4;

    /// <summary>The portal failed on its side (a 5xx answer); trying again later may help.</summary>
    public const int PortalFailed = 5;
}

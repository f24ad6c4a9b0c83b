namespace ConPaaS.Portal.Git;

/// <summary>What <c>git http-backend</c> needs to know about one request, in CGI's terms.</summary>
internal sealed record CgiRequest(
    string ProjectRoot,
    string PathInfo,
    string RemoteUser,
    bool DeployOnPush);

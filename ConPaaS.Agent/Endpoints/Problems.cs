using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent.Endpoints;

/// <summary>RFC 7807 bodies for the agent's refusals, so the portal can show the reason.</summary>
internal static class Problems
{
    public static ProblemDetails NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemDetails BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Invalid input", detail);

    public static ProblemDetails Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    private static ProblemDetails Create(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}

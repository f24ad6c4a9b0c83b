using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Portal.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 7807 answer with the status and a detail that mentions <paramref name="detailContains"/>.</summary>
    public static async Task<ProblemDetails> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.NotNull(problem);
        if (detailContains is not null)
            Assert.Contains(detailContains, problem!.Detail ?? "", StringComparison.OrdinalIgnoreCase);
        return problem!;
    }
}

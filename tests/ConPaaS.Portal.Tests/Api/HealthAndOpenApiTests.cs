using System.Net;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Api;

public sealed class HealthAndOpenApiTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Healthz_answers_200_once_the_portal_can_serve()
    {
        var response = await portal.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_contract_paths()
    {
        var document = await portal.CreateClient().GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/tokens", "/api/v1/types", "/api/v1/clouds", "/api/v1/applications", "/api/v1/applications/{id}", "/api/v1/services", "/api/v1/services/{id}" })
            Assert.Contains($"\"{path}\"", document);
    }

    [Fact]
    public async Task Api_without_a_token_is_refused_with_problem_details()
    {
        var response = await portal.CreateClient().GetAsync("/api/v1/applications");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Bearer");
    }
}

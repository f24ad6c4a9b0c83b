using System.Net;
using System.Text;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.Api;

/// <summary>The portal as installed: outside Development, where the framework answers a bad body with a bare 400.</summary>
public sealed class ProductionPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>A body of the wrong shape gets a problem whose detail says which field and what it should be.</summary>
public sealed class JsonErrorTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    [Theory]
    [InlineData("/api/v1/applications", """{"name": 5}""", "name", "a string")]
    [InlineData("/api/v1/applications", """{"name": {"first": "x"}}""", "name", "a string")]
    [InlineData("/api/v1/services", """{"applicationId": "seven", "type": "php"}""", "applicationId", "a whole number")]
    [InlineData("/api/v1/services", """{"applicationId": 1.5, "type": "php"}""", "applicationId", "a whole number")]
    public async Task A_value_of_the_wrong_type_names_the_field_and_the_expected_type(string url, string body, string field, string expected)
    {
        var user = await ApiUser.SignUpAsync(portal, $"json-{Guid.NewGuid():N}"[..20]);
        var response = await user.Http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, $"'{field}' must be {expected}");
        Assert.Equal(field, problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task A_wrong_type_inside_a_list_names_the_element()
    {
        var admin = await ApiUser.SignUpAsync(portal, "json-list", admin: true);
        var body = """{"name": "lab", "driver": "opennebula", "instanceTypes": [{"name": "small", "pricePerHour": "cheap"}]}""";
        var response = await admin.Http.PostAsync("/api/v1/admin/clouds", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "'instanceTypes[0].pricePerHour' must be a number");
    }

    [Fact]
    public async Task Malformed_json_says_where_it_breaks()
    {
        var user = await ApiUser.SignUpAsync(portal, "json-malformed");
        var response = await user.Http.PostAsync("/api/v1/applications", new StringContent("{\"name\": \"shop\",\n  oops}", Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "not well-formed JSON");
        Assert.Contains("line 2", problem.Detail);
    }

    [Fact]
    public async Task A_missing_body_says_one_is_needed()
    {
        var user = await ApiUser.SignUpAsync(portal, "json-empty");
        var response = await user.Http.PostAsync("/api/v1/applications", new StringContent("", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
    }
}

using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Api;

/// <summary>Every endpoint that takes an id, tried by a user who does not own it.</summary>
public sealed class CrossUserTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Another_user_cannot_see_or_touch_an_application_or_service_through_any_endpoint()
    {
        var owner = await ApiUser.SignUpAsync(portal, "xu-owner");
        var intruder = await ApiUser.SignUpAsync(portal, "xu-intruder");
        var app = await owner.CreateApplicationAsync("private");
        var service = await owner.CreateServiceAsync(app.Id, "php", "secret-web");

        var attempts = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/applications/{app.Id}", null),
            (HttpMethod.Patch, $"/api/v1/applications/{app.Id}", new RenameRequest("mine now")),
            (HttpMethod.Delete, $"/api/v1/applications/{app.Id}", null),
            (HttpMethod.Get, $"/api/v1/services?applicationId={app.Id}", null),
            (HttpMethod.Post, "/api/v1/services", new CreateServiceRequest(app.Id, "mysql", "planted")),
            (HttpMethod.Get, $"/api/v1/services/{service.Id}", null),
            (HttpMethod.Patch, $"/api/v1/services/{service.Id}", new RenameRequest("mine now")),
            (HttpMethod.Delete, $"/api/v1/services/{service.Id}", null),
        };
        foreach (var (method, url, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
            var response = await intruder.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} answered {(int)response.StatusCode}");
        }

        Assert.Empty((await intruder.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!);
        Assert.Empty((await intruder.Http.GetFromJsonAsync<List<ServiceDto>>("/api/v1/services"))!);

        var untouched = await owner.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{app.Id}");
        Assert.Equal("private", untouched!.Name);
        Assert.Equal("secret-web", Assert.Single(untouched.Services).Name);
    }

    [Fact]
    public async Task Revoking_is_limited_to_ones_own_tokens()
    {
        var owner = await ApiUser.SignUpAsync(portal, "xu-tok-owner");
        var intruder = await ApiUser.SignUpAsync(portal, "xu-tok-intruder");
        var ownerTokens = await owner.Http.GetFromJsonAsync<List<TokenDto>>("/api/v1/tokens");
        var response = await intruder.Http.DeleteAsync($"/api/v1/tokens/{ownerTokens!.Single().Id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Fact]
    public async Task An_admin_sees_everyones_applications()
    {
        var owner = await ApiUser.SignUpAsync(portal, "xu-seen");
        var admin = await ApiUser.SignUpAsync(portal, "xu-admin", admin: true);
        var app = await owner.CreateApplicationAsync("visible to admin");
        var all = await admin.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications");
        Assert.Contains(all!, a => a.Id == app.Id && a.Owner == "xu-seen");
    }
}

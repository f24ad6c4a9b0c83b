using System.Net;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Api;

/// <summary>
/// Names are shown in lists, logs and other users' admin pages; a character that is invisible or turns the text
/// around lets one name pass for another. Every path that takes a name refuses them, naming the field.
/// </summary>
public sealed class NameCharacterTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    public static TheoryData<string, string> Hidden => new()
    {
        { "right-to-left override", "invoice\u202Egpj.exe" },
        { "zero-width space", "shop\u200Bfront" },
        { "soft hyphen", "shop\u00ADfront" },
        { "left-to-right isolate", "shop\u2066front" },
        { "line separator", "shop\u2028front" },
        { "paragraph separator", "shop\u2029front" },
        { "tag character (outside the BMP)", "shop\U000E0041front" },
        { "bell (control)", "shop\u0007front" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task Every_named_thing_refuses_invisible_and_direction_characters_naming_the_field(string what, string name)
    {
        var user = await ApiUser.SignUpAsync(portal, $"names-{Guid.NewGuid():N}"[..20]);
        var app = await user.CreateApplicationAsync("plain");
        var service = await user.CreateServiceAsync(app.Id, "php", "plain");

        var attempts = new (string Path, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("create application", () => user.Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest(name))),
            ("rename application", () => user.Http.PatchAsJsonAsync($"/api/v1/applications/{app.Id}", new RenameRequest(name))),
            ("create service", () => user.Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(app.Id, "php", name))),
            ("rename service", () => user.Http.PatchAsJsonAsync($"/api/v1/services/{service.Id}", new ServiceSettingsRequest(name, null))),
            ("create token", () => portal.CreateClient().PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(user.UserName, "User-password-1", name))),
        };
        foreach (var (path, send) in attempts)
        {
            var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} with a {what} answered {(int)response.StatusCode}");
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "The name must not contain");
            Assert.Equal("name", problem.Extensions["field"]?.ToString());
        }

        var stored = await user.Http.GetFromJsonAsync<ApplicationDto>($"/api/v1/applications/{app.Id}");
        Assert.Equal(["plain"], (await user.Http.GetFromJsonAsync<List<ApplicationDto>>("/api/v1/applications"))!.Select(a => a.Name));
        Assert.Equal("plain", Assert.Single(stored!.Services).Name);
        Assert.Equal(["tests"], (await user.Http.GetFromJsonAsync<List<TokenDto>>("/api/v1/tokens"))!.Select(t => t.Name));
    }

    [Fact]
    public async Task A_right_to_left_override_names_its_code_point_and_position()
    {
        var user = await ApiUser.SignUpAsync(portal, "names-rlo");
        var response = await user.Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest("ab\u202Ecd"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "U+202E (a text-direction character) at position 3");
    }

    [Theory]
    [MemberData(nameof(Hidden))]
    public async Task Registration_refuses_such_a_user_name(string what, string name)
    {
        var http = AccountForms.Browser(portal);
        var answer = await AccountForms.RegisterAsync(http, name[..Math.Min(name.Length, 20)], "Long-enough-password-1");
        Assert.True(answer.Errors.Count > 0, $"a user name with a {what} was accepted");
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConPaaS.Infrastructure.Data.PortalUser>>();
        Assert.Null(await users.FindByNameAsync(name[..Math.Min(name.Length, 20)]));
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>An HTTP client that acts as one user through a personal access token, as the CLI does.</summary>
public sealed class ApiUser(HttpClient http, string userName, string userId)
{
    public HttpClient Http { get; } = http;
    public string UserName { get; } = userName;
    public string UserId { get; } = userId;

    public static async Task<ApiUser> SignUpAsync(PortalFactory portal, string userName, bool admin = false)
    {
        const string password = "User-password-1";
        var user = await portal.CreateUserAsync(userName, password, admin);
        var http = portal.CreateClient();
        var response = await http.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(userName, password, "tests"));
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<CreatedTokenDto>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        return new ApiUser(http, userName, user.Id);
    }

    /// <summary>The same user, with the same token, on another portal over the same database (a restarted one).</summary>
    public ApiUser On(PortalFactory portal)
    {
        var http = portal.CreateClient();
        http.DefaultRequestHeaders.Authorization = Http.DefaultRequestHeaders.Authorization;
        return new ApiUser(http, UserName, UserId);
    }

    public async Task<ApplicationDto> CreateApplicationAsync(string name)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/applications", new CreateApplicationRequest(name));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApplicationDto>())!;
    }

    public async Task<ServiceDto> CreateServiceAsync(int applicationId, string type, string? name = null)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/services", new CreateServiceRequest(applicationId, type, name));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ServiceDto>())!;
    }
}

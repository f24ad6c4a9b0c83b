using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Api;

/// <summary>The system clock, moved on by the test.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>A portal whose clock the test moves.</summary>
public sealed class ClockedPortal : PortalFactory
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>A token can end by itself; the listing says when, and when it was last used.</summary>
public sealed class TokenExpiryTests(ClockedPortal portal) : IClassFixture<ClockedPortal>
{
    private const string Password = "User-password-1";

    [Fact]
    public async Task A_token_with_an_expiry_works_until_then_and_gets_401_after()
    {
        await portal.CreateUserAsync("exp-days", Password);
        var created = await CreateAsync(new { userName = "exp-days", password = Password, name = "ci", expiresInDays = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - portal.Clock.GetUtcNow(), TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));

        var http = Bearer(body.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/applications")).StatusCode);

        portal.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await (await http.GetAsync("/api/v1/applications")).AssertProblemAsync(HttpStatusCode.Unauthorized, "expired");
    }

    [Fact]
    public async Task A_token_can_be_given_an_expiry_date()
    {
        await portal.CreateUserAsync("exp-at", Password);
        var at = portal.Clock.GetUtcNow().AddHours(3);
        var created = await CreateAsync(new { userName = "exp-at", password = Password, name = "ci", expiresAt = at });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(at, body.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("""{"expiresInDays": 0}""", "expiresInDays")]
    [InlineData("""{"expiresInDays": -3}""", "expiresInDays")]
    [InlineData("""{"expiresInDays": 100000}""", "expiresInDays")]
    [InlineData("""{"expiresAt": "2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"expiresInDays": 5, "expiresAt": "2999-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task A_wrong_expiry_is_refused_naming_the_field(string expiry, string field)
    {
        var userName = $"exp-bad-{Guid.NewGuid():N}"[..20];
        await portal.CreateUserAsync(userName, Password);
        var request = JsonSerializer.Deserialize<Dictionary<string, object>>(expiry)!;
        request["userName"] = userName;
        request["password"] = Password;
        var problem = await (await CreateAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(field, problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task The_listing_shows_each_tokens_expiry_and_its_last_use()
    {
        var user = await ApiUser.SignUpAsync(portal, "exp-listed");
        await CreateAsync(new { userName = "exp-listed", password = Password, name = "month", expiresInDays = 30 });

        var tokens = await user.Http.GetFromJsonAsync<List<JsonElement>>("/api/v1/tokens");
        var used = tokens!.Single(t => t.GetProperty("name").GetString() == "tests");
        var month = tokens!.Single(t => t.GetProperty("name").GetString() == "month");
        Assert.Equal(JsonValueKind.Null, used.GetProperty("expiresAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, used.GetProperty("lastUsedAt").ValueKind);
        Assert.InRange(month.GetProperty("expiresAt").GetDateTimeOffset() - portal.Clock.GetUtcNow(), TimeSpan.FromDays(29.9), TimeSpan.FromDays(30));
        Assert.Equal(JsonValueKind.Null, month.GetProperty("lastUsedAt").ValueKind);
        Assert.False(month.GetProperty("expired").GetBoolean());
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var user = await ApiUser.SignUpAsync(portal, "exp-last-used");
        async Task<DateTimeOffset> LastUsedAsync() =>
            (await user.Http.GetFromJsonAsync<List<JsonElement>>("/api/v1/tokens"))!.Single().GetProperty("lastUsedAt").GetDateTimeOffset();

        var first = await LastUsedAsync();
        portal.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(first, await LastUsedAsync());
        portal.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await LastUsedAsync() > first);
    }

    private Task<HttpResponseMessage> CreateAsync(object request) =>
        portal.CreateClient().PostAsJsonAsync("/api/v1/tokens", request);

    private HttpClient Bearer(string token)
    {
        var http = portal.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return http;
    }
}

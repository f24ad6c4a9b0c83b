using System.Net;
using System.Net.Http.Headers;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Concurrency;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>
/// ConPaaS:Limits:ConcurrentUploadsPerUser: uploads beyond the ones a user has in progress are refused with 429
/// before their body is read; other users are not held up, and a finished or refused upload gives its slot back.
/// </summary>
public sealed class ConcurrentUploadTests(UploadLimitsPortal portal) : IClassFixture<UploadLimitsPortal>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private UploadSlots Slots => portal.Services.GetRequiredService<UploadSlots>();

    [Fact]
    public async Task A_third_upload_while_two_are_in_progress_is_refused_with_429_and_other_users_go_on()
    {
        var user = await ApiUser.SignUpAsync(portal, $"up-{Guid.NewGuid():N}"[..16]);
        var other = await ApiUser.SignUpAsync(portal, $"up-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        var othersService = await other.CreatePhpServiceAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Without the factory's redirect handler, which would read each body whole before sending it.
        using var streaming = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        streaming.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        var first = streaming.PostAsync($"/api/v1/services/{service.Id}/code", await StalledFormAsync("first", release.Task));
        var second = streaming.PostAsync($"/api/v1/services/{service.Id}/code", await StalledFormAsync("second", release.Task));
        await WaitForAsync(() => Slots.InUse(user.UserId) == UploadLimitsPortal.ConcurrentUploadsPerUser);

        var problem = await (await user.UploadAsync(service.Id, Archive("third"), "third.zip"))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "You already have 2 uploads in progress, the most one user may run at once");
        Assert.Equal("Too many requests", problem.Title);
        await other.UploadOkAsync(othersService.Id, Archive("someone else"), "other.zip");

        release.SetResult();
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await second).StatusCode);
        Assert.Equal(0, Slots.InUse(user.UserId));
        await user.UploadOkAsync(service.Id, Archive("third, again"), "third.zip");
        Assert.Equal(4, (await user.ListAsync(service.Id)).Count); // the welcome page, first, second, third
    }

    [Fact]
    public async Task Refused_uploads_give_their_slot_back()
    {
        var user = await ApiUser.SignUpAsync(portal, $"up-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();

        for (var i = 0; i < UploadLimitsPortal.ConcurrentUploadsPerUser + 1; i++)
            await (await user.UploadAsync(service.Id, "not an archive"u8.ToArray(), "x.zip")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(0, Slots.InUse(user.UserId));
        await user.UploadOkAsync(service.Id, Archive("after the refusals"), "ok.zip");
    }

    [Fact]
    public async Task An_upload_from_the_portal_page_counts_against_the_same_limit()
    {
        var user = await ApiUser.SignUpAsync(portal, $"up-{Guid.NewGuid():N}"[..16]);
        var service = await user.CreatePhpServiceAsync();
        using var scope = portal.Services.CreateScope();
        var code = scope.ServiceProvider.GetRequiredService<CodeCommands>();
        var caller = new Domain.Access.Caller(user.UserId, IsAdmin: false);

        using (code.BeginUpload(caller))
        using (code.BeginUpload(caller))
        {
            var refused = await Assert.ThrowsAsync<TooManyRequestsException>(() =>
                code.UploadAsync(caller, service.Id, new MemoryStream(Archive("page")), "page.zip", null, user.UserName));
            Assert.Contains("2 uploads in progress", refused.Message);
        }

        await code.UploadAsync(caller, service.Id, new MemoryStream(Archive("page")), "page.zip", null, user.UserName);
        Assert.Equal(0, Slots.InUse(user.UserId));
    }

    private static byte[] Archive(string text) => TestArchives.Zip(new TestEntry("index.php", text));

    /// <summary>A multipart upload whose body stops halfway until <paramref name="release"/> completes: an upload in progress.</summary>
    private static async Task<HttpContent> StalledFormAsync(string text, Task release)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Archive(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "archive", $"{text}.zip");
        var body = await form.ReadAsByteArrayAsync();
        var content = new StalledContent(body, release);
        content.Headers.ContentType = form.Headers.ContentType;
        return content;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The uploads did not start in time.");
            await Task.Delay(20);
        }
    }

    private sealed class StalledContent(byte[] body, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}

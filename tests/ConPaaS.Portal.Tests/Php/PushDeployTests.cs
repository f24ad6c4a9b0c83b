using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Code;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Php;

/// <summary>A portal on a real port with the local cloud, so a real git client can push to a running service.</summary>
public sealed class PushDeployPortal : LocalCloudPortal
{
    public PushDeployPortal()
    {
        UseKestrel(0);
        StartServer();
        Url = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string Url { get; }
}

public sealed class PushDeployTests(PushDeployPortal portal) : IClassFixture<PushDeployPortal>
{
    [Fact]
    public async Task A_git_push_to_main_is_served_by_the_running_service_and_the_push_output_says_so()
    {
        var user = await ApiUser.SignUpAsync(portal, "pusher");
        var token = user.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var app = await user.CreateApplicationAsync("blog");
        var service = await user.CreateServiceAsync(app.Id, "php", "blog");
        await user.Http.PostAsJsonAsync($"/api/v1/services/{service.Id}/start", new StartServiceRequest(null));
        var running = await user.WaitForStateAsync(service.Id, "Running");

        using var git = new GitClient();
        var remote = $"{portal.Url}/git/{service.Id}.git";
        await git.RunOkAsync(null, [.. GitClient.Basic("pusher", token), "clone", remote, git.PathOf("work")]);
        var work = git.PathOf("work");
        await File.WriteAllTextAsync(Path.Combine(work, "index.php"), "<?php echo 'pushed with git';");
        await git.RunOkAsync(work, "add", "index.php");
        await git.RunOkAsync(work, "-c", "user.name=Pusher", "-c", "user.email=p@example.org", "commit", "-m", "Say hello from git");
        var output = await git.RunOkAsync(work, [.. GitClient.Basic("pusher", token), "push", "origin", "HEAD:main"]);
        Assert.Contains("deployed", output, StringComparison.OrdinalIgnoreCase);

        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var served = await ServiceWaits.EventuallyAsync(async () =>
            {
                try { return await browser.GetStringAsync(running.Url); }
                catch (HttpRequestException) { return ""; }
            },
            page => page == "pushed with git", 60, "the pushed version is served");
        Assert.Equal("pushed with git", served);
        var versions = await user.Http.GetFromJsonAsync<List<CodeVersionDto>>($"/api/v1/services/{service.Id}/code");
        var active = versions!.Single(v => v.Active);
        Assert.Equal(("push", "Say hello from git"), (active.Source, active.Message));

        await user.WaitForStateAsync(service.Id, "Running");
        await user.Http.PostAsync($"/api/v1/services/{service.Id}/stop", null);
        await user.WaitForStateAsync(service.Id, "Stopped");
    }
}

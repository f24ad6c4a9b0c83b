namespace ConPaaS.Portal.Hosting;

internal static class ReadyBanner
{
    /// <summary>Tells the person who started the portal where to open it, once it really listens.</summary>
    public static WebApplication PrintReadyBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"{Environment.NewLine}  ConPaaS portal ready: {string.Join(", ", app.Urls)}{Environment.NewLine}"));
        return app;
    }
}

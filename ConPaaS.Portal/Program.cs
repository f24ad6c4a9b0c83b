using ConPaaS.Infrastructure;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Credits;
using ConPaaS.Infrastructure.Jobs;
using ConPaaS.Infrastructure.Manifests;
using ConPaaS.Infrastructure.Operations;
using ConPaaS.Infrastructure.Persistence;
using ConPaaS.Portal.Api;
using ConPaaS.Portal.Git;
using ConPaaS.Portal.Hosting;

// The portal's own defaults ship beside its binary; the installation's settings come from where it is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddInstallationSettings();
builder.AddPersistence();
builder.AddCommands();
builder.AddJobs();
builder.AddSecretsProtection();
builder.AddNodeMachinery();
builder.AddCredits();
builder.AddCodeVersions();
builder.AddManifests();
builder.AddAccounts();
builder.AddApi();
builder.AddPortalUi();

var app = builder.Build();

app.UsePortalPipeline();
app.MapHealthChecks("/healthz");
app.MapApi();
app.MapGitEndpoint();
app.MapAccountEndpoints();
app.MapDownloads();
app.MapPortalUi();
app.MapJobsDashboard();
app.PrintReadyBanner();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;

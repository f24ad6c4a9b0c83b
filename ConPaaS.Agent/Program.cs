using ConPaaS.Agent;
using ConPaaS.Agent.Code;
using ConPaaS.Agent.Endpoints;
using ConPaaS.Agent.Hosting;
using ConPaaS.Agent.Logging;
using ConPaaS.Agent.Logs;
using ConPaaS.Agent.Roles;
using ConPaaS.Agent.Roles.MySql;
using ConPaaS.Agent.Roles.Php;
using ConPaaS.Agent.Roles.TaskFarm;
using ConPaaS.Agent.Security;
using ConPaaS.Agent.StartupScripts;

// The slim builder leaves out what an agent never uses (IIS, EventSource logging, …) and keeps memory low.
// The content root is the agent's own folder, not the node's working folder: configuration files are watched
// for changes under the content root, recursively, and the node's folder is where tasks, databases and logs
// write all the time. Nothing reloads configuration either, so nothing is watched at all.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
    ContentRootPath = AppContext.BaseDirectory,
});

var options = builder.AddAgentOptions();
builder.AddNodeFileLogging(options);
builder.ListenWithMutualTls(options, CaTrust.Load(options));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentJsonContext.Default));

builder.Services.AddAgentRole<TestRole>();
builder.Services.AddCodeStore();
builder.Services.AddPhpRoles();
builder.Services.AddMySqlRoles();
builder.Services.AddTaskFarmWorkerRole();
builder.Services.AddHostedService<RoleShutdown>();
builder.Services.AddSingleton<LogFiles>();
builder.Services.AddSingleton<StartupScriptRunner>();

var app = builder.Build();
app.SecureNodeFolders();

app.UseMiddleware<ManagerOnlyAccess>();

app.MapStatusEndpoints();
app.MapLogEndpoints();
app.MapStartupScriptEndpoints();
app.MapRoleEndpoints();
app.MapCodeEndpoints();
app.MapMySqlEndpoints();
app.MapTaskFarmWorkerEndpoints();

app.Logger.LogInformation("Agent of node {NodeId} listening on {Address}:{Port}", options.NodeId, options.Address, options.Port);
app.Run();

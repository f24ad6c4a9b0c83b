using System.Text.Json;
using System.Text.Json.Serialization;
using ConPaaS.Domain.Agents;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Agent;

/// <summary>
/// Serializers generated at build time for every shape the agent reads or writes: no reflection and no
/// runtime code generation, which keeps an idle agent's memory low.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AgentStatus))]
[JsonSerializable(typeof(RoleStatus))]
[JsonSerializable(typeof(IReadOnlyList<RoleStatus>))]
[JsonSerializable(typeof(IReadOnlyList<AgentLogFile>))]
[JsonSerializable(typeof(AgentLogContent))]
[JsonSerializable(typeof(StartupScriptRequest))]
[JsonSerializable(typeof(StartupScriptResult))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;

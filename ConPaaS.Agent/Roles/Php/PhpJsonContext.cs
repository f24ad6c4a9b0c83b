using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>
/// Build-time readers of the php roles' settings. Unknown properties are refused, so that a manager's typo
/// (<c>backend</c> for <c>backends</c>) is an error rather than a silently empty list.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PhpProxySettings))]
[JsonSerializable(typeof(PhpWebSettings))]
[JsonSerializable(typeof(PhpBackendSettings))]
internal sealed partial class PhpJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConPaaS.Agent.Code;

/// <summary>Build-time serializers for the code store's answers (see <see cref="AgentJsonContext"/> for why).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CodeVersionInfo))]
[JsonSerializable(typeof(CodeVersionList))]
internal sealed partial class CodeJsonContext : JsonSerializerContext;

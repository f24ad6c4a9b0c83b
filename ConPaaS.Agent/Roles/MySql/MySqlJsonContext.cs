using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>Build-time serializers for the mysql roles' settings and operations, beside the agent's own context.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MySqlMasterSettings))]
[JsonSerializable(typeof(MySqlSlaveSettings))]
[JsonSerializable(typeof(MySqlPasswordRequest))]
[JsonSerializable(typeof(MySqlDumpLoadResult))]
[JsonSerializable(typeof(MySqlDumpLoadStatus))]
[JsonSerializable(typeof(MySqlReplicaStatus))]
internal sealed partial class MySqlJsonContext : JsonSerializerContext;

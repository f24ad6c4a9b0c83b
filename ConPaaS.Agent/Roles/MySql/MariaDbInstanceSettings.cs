namespace ConPaaS.Agent.Roles.MySql;

/// <summary>What the server itself is started with; no credentials, those are applied by SQL.</summary>
internal sealed record MariaDbInstanceSettings(string BindAddress, int Port, uint ServerId, bool ReadOnly);

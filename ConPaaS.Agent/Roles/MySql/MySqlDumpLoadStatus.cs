namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Where a dump load (<c>PUT /mysql/dump/loads/{id}</c>) is: bytes fed to the server so far of the whole, and once
/// <paramref name="Finished"/>, how it ended.
/// </summary>
public sealed record MySqlDumpLoadStatus(string Id, bool Finished, long BytesLoaded, long BytesTotal, MySqlDumpLoadResult? Result);

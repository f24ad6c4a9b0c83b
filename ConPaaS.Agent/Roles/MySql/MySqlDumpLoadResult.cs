namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// How loading a dump ended. The statements before a failing one stay applied; the failure names the number of
/// the failing statement and the line where it starts, the server's error code and message, and the start of
/// the statement itself.
/// </summary>
public sealed record MySqlDumpLoadResult(
    bool Succeeded,
    long Bytes,
    int? Line = null,
    int? ErrorCode = null,
    string? SqlState = null,
    string? Message = null,
    string? Statement = null,
    int? StatementNumber = null);

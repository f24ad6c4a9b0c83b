namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// How loading a dump ended (<c>POST /mysql/dump</c>). The statements before a failing one stay applied; the
/// failure names the line where the failing statement starts, the server's error code and message, and the
/// start of the statement itself.
/// </summary>
public sealed record MySqlDumpLoadResult(
    bool Succeeded,
    long Bytes,
    int? Line = null,
    int? ErrorCode = null,
    string? SqlState = null,
    string? Message = null,
    string? Statement = null);

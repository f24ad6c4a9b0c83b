namespace ConPaaS.Domain.Agents;

/// <summary>
/// Runs the node's startup script. When <paramref name="Script"/> is given it first replaces the stored one
/// (the original's <c>upload_startup_script</c>), otherwise the script the node was created with runs.
/// </summary>
public sealed record StartupScriptRequest(string? Script = null);

/// <summary>How a startup script ended; its output is in the log file <paramref name="LogFile"/>.</summary>
public sealed record StartupScriptResult(int ExitCode, string LogFile, double DurationSeconds);

namespace ConPaaS.Domain.Agents;

/// <summary>
/// A slice of a log file: <paramref name="Offset"/> and <paramref name="Length"/> locate the returned bytes in
/// the file, so a caller can follow a growing log by asking again from <c>Offset + Length</c>.
/// </summary>
public sealed record AgentLogContent(string Name, long Offset, long Length, long FileLength, string Text);

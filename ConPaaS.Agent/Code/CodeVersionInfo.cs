namespace ConPaaS.Agent.Code;

/// <summary>One code version unpacked on this node.</summary>
public sealed record CodeVersionInfo(string Version, DateTimeOffset UnpackedAt, bool Active);

/// <summary>Every code version on this node, and the active one (null until a role activated one).</summary>
public sealed record CodeVersionList(string? Active, IReadOnlyList<CodeVersionInfo> Versions);

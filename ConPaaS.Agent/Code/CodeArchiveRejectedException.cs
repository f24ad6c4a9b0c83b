namespace ConPaaS.Agent.Code;

/// <summary>An uploaded archive is unusable or unsafe (corrupt, escaping paths, links out); answered with 400.</summary>
public sealed class CodeArchiveRejectedException(string message, Exception? inner = null) : Exception(message, inner);

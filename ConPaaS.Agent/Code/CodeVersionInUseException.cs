namespace ConPaaS.Agent.Code;

/// <summary>The version is the active one and cannot be deleted; answered with 409.</summary>
public sealed class CodeVersionInUseException(string message) : Exception(message);

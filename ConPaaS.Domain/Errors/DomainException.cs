namespace ConPaaS.Domain.Errors;

/// <summary>
/// A request that the rules refuse. The message is written for the person who made the request,
/// so it must never carry a secret.
/// </summary>
public abstract class DomainException(string message) : Exception(message)
{
    /// <summary>A short, stable title for problem-details bodies ("Invalid input", "Not found", …).</summary>
    public abstract string Title { get; }
}

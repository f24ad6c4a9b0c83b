namespace ConPaaS.Domain.Errors;

/// <summary>The caller already has as much of this kind of work in progress as one user may; a retry later can pass.</summary>
public sealed class TooManyRequestsException(string message) : DomainException(message)
{
    public override string Title => "Too many requests";
}

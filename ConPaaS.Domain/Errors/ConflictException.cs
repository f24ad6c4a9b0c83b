namespace ConPaaS.Domain.Errors;

/// <summary>The request is well-formed but the current state does not allow it.</summary>
public sealed class ConflictException(string message) : DomainException(message)
{
    public override string Title => "Conflict";
}

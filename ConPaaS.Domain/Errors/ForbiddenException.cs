namespace ConPaaS.Domain.Errors;

/// <summary>The caller is known but lacks the right (e.g. an admin-only action).</summary>
public sealed class ForbiddenException(string message) : DomainException(message)
{
    public override string Title => "Forbidden";
}

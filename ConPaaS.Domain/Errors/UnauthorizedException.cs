namespace ConPaaS.Domain.Errors;

/// <summary>Credentials are missing, wrong, revoked or belong to a disabled account.</summary>
public sealed class UnauthorizedException(string message) : DomainException(message)
{
    public override string Title => "Unauthorized";
}

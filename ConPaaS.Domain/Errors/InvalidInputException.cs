namespace ConPaaS.Domain.Errors;

/// <summary>Input that cannot be accepted; <see cref="Field"/> names what to fix.</summary>
public sealed class InvalidInputException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;

    public override string Title => "Invalid input";
}

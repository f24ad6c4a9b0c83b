using ConPaaS.Domain.Errors;

namespace ConPaaS.Infrastructure.Credits;

/// <summary>Work that costs credit was asked for while the payer's balance is used up (answered with 402).</summary>
public sealed class OutOfCreditException(string message) : DomainException(message)
{
    public override string Title => "Out of credit";
}

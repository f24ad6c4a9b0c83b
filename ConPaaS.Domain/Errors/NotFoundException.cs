namespace ConPaaS.Domain.Errors;

/// <summary>
/// The thing does not exist, or belongs to someone else: the two are reported alike so that ids
/// of other users' applications leak nothing.
/// </summary>
public sealed class NotFoundException(string what, object id)
    : DomainException($"{what} {id} does not exist or is not yours.")
{
    public override string Title => "Not found";
}

using ConPaaS.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;

namespace ConPaaS.Portal.Authentication;

/// <summary>
/// Identity asks this before every sign-in (with <c>RequireConfirmedAccount</c> on); answering "no" for a
/// disabled account makes the sign-in fail as NotAllowed without a custom SignInManager.
/// </summary>
internal sealed class EnabledAccountConfirmation : IUserConfirmation<PortalUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(!user.IsDisabled);
}

using ConPaaS.Domain.Access;
using ConPaaS.Portal.Hosting;
using Microsoft.AspNetCore.Components.Authorization;

namespace ConPaaS.Portal.Components.Shared;

/// <summary>The signed-in user of this circuit, as the command handlers want it.</summary>
public sealed class CurrentCaller(AuthenticationStateProvider authentication)
{
    public async Task<Caller> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User.ToCaller();

    public async Task<string> UserNameAsync() => (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "";
}

using ConPaaS.Domain.Errors;
using MudBlazor;

namespace ConPaaS.Portal.Components.Shared;

/// <summary>
/// Runs a command for a page: a refusal becomes a snackbar with the command's own message; anything else
/// is a bug and goes to the circuit's error handling.
/// </summary>
public static class CommandRunner
{
    public static async Task<bool> TryRunAsync(this ISnackbar snackbar, Func<Task> command, string? success = null)
    {
        try
        {
            await command();
            if (success is not null)
                snackbar.Add(success, Severity.Success);
            return true;
        }
        catch (DomainException refused)
        {
            snackbar.Add(refused.Message, Severity.Error);
            return false;
        }
    }
}

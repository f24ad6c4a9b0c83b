using MudBlazor;

namespace ConPaaS.Portal.Components.Shared;

/// <summary>The two questions pages ask: "which name?" and "are you sure?".</summary>
public static class Dialogs
{
    public static async Task<string?> AskNameAsync(this IDialogService dialogs, string title, string initial = "", string submitText = "Save")
    {
        var parameters = new DialogParameters<NameDialog>
        {
            { d => d.InitialName, initial },
            { d => d.SubmitText, submitText },
        };
        var reference = await dialogs.ShowAsync<NameDialog>(title, parameters);
        var result = await reference.Result;
        return result is { Canceled: false, Data: string name } ? name : null;
    }

    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText = "Delete")
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters);
        var result = await reference.Result;
        return result is { Canceled: false };
    }
}

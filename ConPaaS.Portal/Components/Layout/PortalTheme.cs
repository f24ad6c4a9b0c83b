using MudBlazor;

namespace ConPaaS.Portal.Components.Layout;

internal static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1e6f8c", AppbarBackground = "#1e6f8c", Secondary = "#c0506a" },
    };
}

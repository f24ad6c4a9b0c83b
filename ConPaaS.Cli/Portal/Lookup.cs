using System.Globalization;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Portal;

/// <summary>
/// Finds an application or a service named on the command line by its id or by its name, as the original
/// client allowed. An id wins over a name that happens to be the same number.
/// </summary>
public static class Lookup
{
    public static async Task<IReadOnlyList<ApplicationDto>> ApplicationsAsync(PortalClient portal, CancellationToken ct) =>
        await portal.GetAsync<List<ApplicationDto>>("applications", ct);

    public static async Task<IReadOnlyList<ServiceDto>> ServicesAsync(PortalClient portal, int? applicationId, CancellationToken ct) =>
        await portal.GetAsync<List<ServiceDto>>(applicationId is { } id ? $"services?applicationId={id}" : "services", ct);

    public static async Task<ApplicationDto> ApplicationAsync(PortalClient portal, string reference, CancellationToken ct) =>
        Application(await ApplicationsAsync(portal, ct), reference);

    public static ApplicationDto Application(IReadOnlyList<ApplicationDto> applications, string reference) =>
        Pick(applications, reference, a => a.Id, a => a.Name, "application", "listapp", a => $"{a.Id}");

    public static async Task<ServiceDto> ServiceAsync(PortalClient portal, string reference, CancellationToken ct) =>
        Pick(await ServicesAsync(portal, null, ct), reference, s => s.Id, s => s.Name, "service", "list",
            s => $"{s.Id} in application {s.ApplicationId}");

    private static T Pick<T>(
        IReadOnlyList<T> items, string reference, Func<T, int> id, Func<T, string> name, string kind, string listing,
        Func<T, string> describe)
        where T : class
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && items.FirstOrDefault(i => id(i) == number) is { } byId)
            return byId;

        var named = items.Where(i => string.Equals(name(i), reference.Trim(), StringComparison.Ordinal)).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw CliFailure.Refused($"no {kind} has the id or name '{reference}'; 'cps {listing}' shows yours"),
            _ => throw CliFailure.Refused(
                $"{named.Count} {kind}s are named '{reference}' (ids {string.Join(", ", named.Select(describe))}); name one by its id"),
        };
    }
}

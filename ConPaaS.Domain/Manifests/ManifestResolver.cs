using System.Text.RegularExpressions;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Manifests;

/// <summary>
/// Fills a template's variables (given values or defaults, each checked against its pattern), generates its
/// secrets, and checks what only then can be checked: names, and where each file comes from.
/// </summary>
public static class ManifestResolver
{
    /// <param name="newSecret">Makes a fresh secret (the domain does no I/O, so randomness comes from outside).</param>
    public static ResolvedManifest Resolve(ManifestTemplate template, IReadOnlyDictionary<string, string>? given, Func<string> newSecret)
    {
        given ??= new Dictionary<string, string>();
        var values = Values(template, given);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);

        // A script written into the manifest keeps its own shell variables (${HOME}): only known names are filled.
        string? Fill(string? text, string field, bool lenient = false) => text is null ? null : Placeholders.Pattern.Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith(Placeholders.SecretPrefix, StringComparison.Ordinal))
            {
                var secretName = name[Placeholders.SecretPrefix.Length..];
                if (!Placeholders.SecretName.IsMatch(secretName))
                    throw ManifestError.At(field, $"\"{match.Value}\" is not a secret name (letters, digits, _ and -)");
                if (!secrets.TryGetValue(secretName, out var secret))
                    secrets[secretName] = secret = newSecret();
                return secret;
            }
            if (values.TryGetValue(name, out var value))
                return value;
            return lenient
                ? match.Value
                : throw ManifestError.At(field, $"uses \"{match.Value}\", which is not a variable of this manifest"
                    + (values.Count == 0 ? " (it declares none under Variables)" : $"; its variables: {string.Join(", ", values.Keys)}"));
        });

        var application = Fill(template.Application, "Application");
        if (string.IsNullOrWhiteSpace(application))
            throw ManifestError.At("Application", "is missing; name the application");
        application = Named(application, "Application");
        var services = template.Services.Select(s =>
        {
            var name = Fill(s.ServiceName, $"{s.Field}.ServiceName") is { } n ? Named(n, $"{s.Field}.ServiceName") : null;
            return new ManifestService(
                s.Index, s.Type, name, Fill(s.Cloud, $"{s.Field}.Cloud")?.Trim(), s.Start,
                Source(Fill(s.StartupScript, $"{s.Field}.StartupScript", lenient: IsInline(s.StartupScript)), $"{s.Field}.StartupScript", inlineAllowed: true),
                s.StartupInstances,
                Source(Fill(s.Archive, $"{s.Field}.Archive"), $"{s.Field}.Archive"),
                Source(Fill(s.Dump, $"{s.Field}.Dump"), $"{s.Field}.Dump"),
                Fill(s.Password, $"{s.Field}.Password"),
                Source(Fill(s.Bag, $"{s.Field}.Bag"), $"{s.Field}.Bag"),
                s.VolumeStartup) { WrittenType = s.WrittenType };
        }).ToList();
        var duplicate = services.Where(s => s.ServiceName is not null).GroupBy(s => s.ServiceName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw ManifestError.At($"{duplicate.Last().Field}.ServiceName", $"\"{duplicate.Key}\" is already the name of Services[{duplicate.First().Index}]");

        var manifest = new Manifest(application, Fill(template.Description, "Description"), template.Variables, services);
        return new ResolvedManifest(manifest, values, secrets);
    }

    private static Dictionary<string, string> Values(ManifestTemplate template, IReadOnlyDictionary<string, string> given)
    {
        var unknown = given.Keys.FirstOrDefault(k => template.Variables.All(v => v.Id != k));
        if (unknown is not null)
            throw ManifestError.At($"Variables.{unknown}", template.Variables.Count == 0
                ? "is given, but this manifest declares no variables"
                : $"is not a variable of this manifest; its variables: {string.Join(", ", template.Variables.Select(v => v.Id))}");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in template.Variables)
        {
            var field = $"Variables.{variable.Id}";
            var value = given.GetValueOrDefault(variable.Id) ?? variable.Default
                ?? throw ManifestError.At(field, $"needs a value ({variable.Label})");
            if (value.Any(char.IsControl))
                throw ManifestError.At(field, "must not contain control characters");
            if (variable.Pattern is { } pattern && !FullMatch(pattern, value))
                throw ManifestError.At(field, $"\"{value}\" does not match the pattern {pattern} ({variable.Label})");
            values[variable.Id] = value;
        }
        return values;
    }

    private static bool FullMatch(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsInline(string? script) => script is not null && ManifestSource.IsInline(script);

    private static ManifestSource? Source(string? value, string field, bool inlineAllowed = false) =>
        value is null ? null : ManifestSource.Parse(field, value, inlineAllowed);

    private static string Named(string name, string field)
    {
        try
        {
            return Names.Validate(name, "name");
        }
        catch (InvalidInputException invalid)
        {
            throw ManifestError.At(field, invalid.Message.TrimEnd('.'));
        }
    }
}

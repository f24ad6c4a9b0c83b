using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConPaaS.Domain.Services;

namespace ConPaaS.Domain.Manifests;

/// <summary>
/// Reads the original ConPaaS manifest format unchanged (field names in any letter case, counts as numbers or
/// strings, unknown fields ignored as the original did), plus the extensions <c>Variables</c> and <c>Bag</c>.
/// Every error names the field it is about.
/// </summary>
public static class ManifestReader
{
    /// <summary>More nodes of one role than a manifest may ask for (as many as one add-nodes request).</summary>
    public const int MaxInstancesPerRole = 20;

    public const int MaxServices = 20;

    private static readonly Regex VariableId = new("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant);

    // The original's names for what this catalogue calls otherwise.
    private static readonly Dictionary<string, string> TypeAliases = new(StringComparer.OrdinalIgnoreCase) { ["xtreemfs"] = "storage" };

    /// <param name="types">The service types that may appear; by default the whole catalogue.</param>
    public static ManifestTemplate Parse(string json, IReadOnlyList<ServiceType>? types = null)
    {
        types ??= ServiceTypeCatalog.All;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException invalid)
        {
            var line = (invalid.LineNumber ?? 0) + 1;
            var column = (invalid.BytePositionInLine ?? 0) + 1;
            throw ManifestError.At("manifest", $"invalid JSON at line {line}, column {column} ({FirstSentence(invalid.Message)})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw ManifestError.At("manifest", "must be a JSON object with Application and Services");
            var variables = ReadVariables(Property(root, "Variables"));
            var servicesElement = Property(root, "Services");
            if (servicesElement is not { ValueKind: JsonValueKind.Array } array)
                throw ManifestError.At("Services", servicesElement is null ? "is missing; list the application's services" : "must be a list");
            if (array.GetArrayLength() == 0)
                throw ManifestError.At("Services", "is empty; list at least one service");
            if (array.GetArrayLength() > MaxServices)
                throw ManifestError.At("Services", $"has {array.GetArrayLength()} entries; at most {MaxServices}");
            var services = array.EnumerateArray().Select((s, i) => ReadService(s, i, types)).ToList();
            return new ManifestTemplate(String(root, "Application", "Application"), String(root, "Description", "Description"), variables, services);
        }
    }

    private static TemplateService ReadService(JsonElement element, int index, IReadOnlyList<ServiceType> types)
    {
        var field = $"Services[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
            throw ManifestError.At(field, "must be an object with at least a Type");
        var written = String(element, "Type", $"{field}.Type");
        var type = ReadType(written, $"{field}.Type", types);
        var service = new TemplateService(
            index,
            type.Key,
            String(element, "ServiceName", $"{field}.ServiceName"),
            String(element, "Cloud", $"{field}.Cloud"),
            ReadStart(Property(element, "Start"), $"{field}.Start"),
            String(element, "StartupScript", $"{field}.StartupScript"),
            ReadInstances(Property(element, "StartupInstances"), $"{field}.StartupInstances", type, written!.Trim()),
            String(element, "Archive", $"{field}.Archive"),
            String(element, "Dump", $"{field}.Dump"),
            String(element, "Password", $"{field}.Password"),
            String(element, "Bag", $"{field}.Bag"),
            ReadVolume(Property(element, "VolumeStartup"), $"{field}.VolumeStartup")) { WrittenType = written!.Trim() };
        EnsureFieldsFit(service, field);
        return service;
    }

    private static ServiceType ReadType(string? value, string field, IReadOnlyList<ServiceType> types)
    {
        var known = string.Join(", ", types.Select(t => t.Key));
        if (string.IsNullOrWhiteSpace(value))
            throw ManifestError.At(field, $"is missing; every service needs a Type, one of {known}");
        var key = TypeAliases.GetValueOrDefault(value.Trim(), value.Trim());
        return types.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase))
            ?? throw ManifestError.At(field, $"unknown service type \"{value}\"; known types: {known}");
    }

    /// <summary>Each type's own fields: an archive is code (php, java), a dump and a password are mysql's.</summary>
    private static void EnsureFieldsFit(TemplateService service, string field)
    {
        void Only(string? value, string name, string what, params string[] typesTaking)
        {
            if (value is not null && !typesTaking.Contains(service.Type))
                throw ManifestError.At($"{field}.{name}", $"a {service.Type} service takes no {what}; only {string.Join(" and ", typesTaking)} services do");
        }
        Only(service.Archive, "Archive", "code archive", "php", "java");
        Only(service.Dump, "Dump", "SQL dump", "mysql");
        Only(service.Password, "Password", "password", "mysql");
        Only(service.Bag, "Bag", "bag of tasks", "taskfarm");
        Only(service.VolumeStartup is null ? null : "", "VolumeStartup", "volume", "storage");
        if (!service.Start && (service.Dump is not null || service.Bag is not null))
            throw ManifestError.At($"{field}.Start", $"is 0, but a {(service.Dump is not null ? "dump" : "bag")} is loaded into a running service; set Start to 1");
    }

    private static bool ReadStart(JsonElement? element, string field) => element switch
    {
        null or { ValueKind: JsonValueKind.Null } => true, // deploying means running, unless the manifest says otherwise
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) && i is 0 or 1 => i == 1,
        { ValueKind: JsonValueKind.String } s when s.GetString()?.Trim() is "0" or "1" or "true" or "false" => s.GetString()!.Trim() is "1" or "true",
        _ => throw ManifestError.At(field, $"{element.Value.GetRawText()} is not 0 or 1"),
    };

    private static IReadOnlyDictionary<string, int> ReadInstances(JsonElement? element, string field, ServiceType type, string writtenType)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (element is null or { ValueKind: JsonValueKind.Null })
            return counts;
        if (element.Value.ValueKind != JsonValueKind.Object)
            throw ManifestError.At(field, "must map roles to counts, e.g. {\"backend\": \"2\"}");
        foreach (var property in element.Value.EnumerateObject())
        {
            var roleField = $"{field}.{property.Name}";
            if (type.RoleAliases.TryGetValue(property.Name, out var alias))
            {
                var count = alias.Count(ReadCount(property.Value, roleField));
                if (alias.Role is { } role)
                    counts[role] = counts.GetValueOrDefault(role) + count;
                continue;
            }
            if (!type.Roles.Contains(property.Name))
                throw ManifestError.At(roleField, $"a {writtenType} service has no role \"{property.Name}\"; its roles: {string.Join(", ", type.Roles)}");
            counts[property.Name] = ReadCount(property.Value, roleField);
        }
        return counts;
    }

    private static int ReadCount(JsonElement value, string field)
    {
        int? count = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (count is not { } c || c < 0)
            throw ManifestError.At(field, $"{value.GetRawText()} is not a count (a whole number from 0 to {MaxInstancesPerRole})");
        if (c > MaxInstancesPerRole)
            throw ManifestError.At(field, $"{c} nodes is more than the {MaxInstancesPerRole} a manifest may ask for");
        return c;
    }

    private static VolumeStartup? ReadVolume(JsonElement? element, string field)
    {
        if (element is null or { ValueKind: JsonValueKind.Null })
            return null;
        if (element.Value.ValueKind != JsonValueKind.Object)
            throw ManifestError.At(field, "must be an object with volumeName and owner");
        var name = String(element.Value, "volumeName", $"{field}.volumeName");
        if (string.IsNullOrWhiteSpace(name))
            throw ManifestError.At($"{field}.volumeName", "is missing");
        return new VolumeStartup(name, String(element.Value, "owner", $"{field}.owner"));
    }

    private static IReadOnlyList<ManifestVariable> ReadVariables(JsonElement? element)
    {
        if (element is null or { ValueKind: JsonValueKind.Null })
            return [];
        if (element.Value.ValueKind != JsonValueKind.Array)
            throw ManifestError.At("Variables", "must be a list of {Id, Label, Default, Pattern}");
        var variables = new List<ManifestVariable>();
        foreach (var (item, i) in element.Value.EnumerateArray().Select((v, i) => (v, i)))
        {
            var field = $"Variables[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw ManifestError.At(field, "must be an object with an Id");
            var id = String(item, "Id", $"{field}.Id")?.Trim();
            if (id is null || !VariableId.IsMatch(id) || id == "secret")
                throw ManifestError.At($"{field}.Id", $"\"{id}\" is not a variable name (letters, digits and _, not \"secret\")");
            if (variables.Any(v => v.Id == id))
                throw ManifestError.At($"{field}.Id", $"\"{id}\" is declared twice");
            var pattern = String(item, "Pattern", $"{field}.Pattern");
            if (pattern is not null)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException bad)
                {
                    throw ManifestError.At($"{field}.Pattern", $"is not a regular expression ({FirstSentence(bad.Message)})");
                }
            }
            variables.Add(new ManifestVariable(id, String(item, "Label", $"{field}.Label") ?? id, String(item, "Default", $"{field}.Default"), pattern));
        }
        return variables;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        }
        return null;
    }

    /// <summary>A text field; numbers are taken as their text (an original password may be written as one).</summary>
    private static string? String(JsonElement element, string name, string field) => Property(element, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        var other => throw ManifestError.At(field, $"must be text, not {other.Value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');
}

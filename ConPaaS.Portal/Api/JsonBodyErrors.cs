using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace ConPaaS.Portal.Api;

/// <summary>
/// Says what is wrong with a JSON body in the terms of the request's shape: which field, and what it should
/// hold ("'applicationId' must be a whole number"), or where the text stops being JSON. The field's type is
/// found by walking the error's JSON path through the endpoint's request type.
/// </summary>
internal static partial class JsonBodyErrors
{
    public sealed record Description(string Detail, string? Field);

    public static Description Describe(JsonException error, HttpContext context)
    {
        var where = error.LineNumber is { } line && error.BytePositionInLine is { } column
            ? $" at line {line + 1}, column {column + 1}"
            : "";
        // A reader error (the text is not JSON) arrives wrapped; a value of the wrong type does not.
        if (error.InnerException is JsonException notJson)
            return new($"The body is not well-formed JSON{where}: {WithoutPosition(notJson.Message)}", null);

        var field = Field(error.Path);
        if (field is null)
            return new($"The body must be a JSON object of the documented shape (see /openapi/v1.json){where}.", null);
        // The exception handler clears the endpoint before it runs; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var expected = ExpectedType(requestType, error.Path!) is { } type ? Expected(type) : null;
        return expected is null
            ? new($"'{field}' has a value of the wrong type{where}; see /openapi/v1.json for the request's shape.", field)
            : new($"'{field}' must be {expected}; the body has something else{where}.", field);
    }

    /// <summary>"$.instanceTypes[0].pricePerHour" → "instanceTypes[0].pricePerHour"; the whole body ("$") has no field.</summary>
    private static string? Field(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static Type? ExpectedType(Type? type, string path)
    {
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null)
                return null;
            type = segment.Groups["index"].Success
                ? ElementType(type)
                : Property(type, segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value);
        }
        return type;
    }

    private static Type? Property(Type type, string jsonName)
    {
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p =>
            string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, jsonName, StringComparison.OrdinalIgnoreCase));
        return property?.PropertyType;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string? Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return "a string (text in double quotes)";
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort))
            return "a whole number";
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
            return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return "a date and time such as \"2030-01-31T12:00:00Z\"";
        if (type == typeof(TimeSpan))
            return "a duration such as \"00:10:00\"";
        if (type == typeof(Guid))
            return "a GUID in double quotes";
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""));
        if (type == typeof(JsonElement))
            return null;
        if (typeof(IEnumerable).IsAssignableFrom(type))
            return "a list ([...])";
        return "an object ({...})";
    }

    /// <summary>System.Text.Json ends its messages with where it was; the detail says that its own way.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        var end = new[] { cut, path }.Where(i => i >= 0).DefaultIfEmpty(message.Length).Min();
        return message[..end].TrimEnd(' ', '|');
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]")]
    private static partial Regex PathSegment();
}

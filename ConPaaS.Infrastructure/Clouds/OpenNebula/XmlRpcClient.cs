using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace ConPaaS.Infrastructure.Clouds.OpenNebula;

/// <summary>
/// A minimal XML-RPC client (the parts OpenNebula uses): parameters and results are strings, ints, booleans,
/// doubles, arrays (<c>object?[]</c>) and structs (<c>IReadOnlyDictionary&lt;string, object?&gt;</c>). No
/// maintained .NET package does this, and the protocol is a page long.
/// </summary>
public sealed class XmlRpcClient(HttpClient http, Uri endpoint)
{
    public async Task<object?> CallAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(XmlRpcFormat.Request(method, parameters), Encoding.UTF8, "text/xml");
        using var response = await http.PostAsync(endpoint, content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new XmlRpcException($"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to {method}.");
        return XmlRpcFormat.Response(body);
    }
}

/// <summary>A call that failed at the protocol level: an XML-RPC fault, an HTTP error, or an answer that is not XML-RPC.</summary>
public sealed class XmlRpcException(string message, int faultCode = 0, Exception? inner = null) : Exception(message, inner)
{
    public int FaultCode { get; } = faultCode;
}

/// <summary>The XML of requests and responses, apart from the transport so that it is tested on its own.</summary>
public static class XmlRpcFormat
{
    public static string Request(string method, IReadOnlyList<object?> parameters) =>
        new XDocument(new XElement("methodCall",
            new XElement("methodName", method),
            new XElement("params", parameters.Select(parameter => new XElement("param", Value(parameter)))))).ToString(SaveOptions.DisableFormatting);

    /// <summary>The result of a method response.</summary>
    /// <exception cref="XmlRpcException">A fault, or not a method response.</exception>
    public static object? Response(string xml)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root ?? throw new XmlRpcException("The XML-RPC answer is empty.");
        }
        catch (System.Xml.XmlException exception)
        {
            throw new XmlRpcException($"The XML-RPC answer is not XML: {exception.Message}", inner: exception);
        }
        if (root.Name != "methodResponse")
            throw new XmlRpcException($"The XML-RPC answer is a <{root.Name}>, not a <methodResponse>.");
        if (root.Element("fault")?.Element("value") is { } fault)
        {
            var details = Parse(fault) as IReadOnlyDictionary<string, object?>;
            var code = details?.GetValueOrDefault("faultCode") is int number ? number : 0;
            throw new XmlRpcException($"XML-RPC fault {code}: {details?.GetValueOrDefault("faultString")}", code);
        }
        var value = root.Element("params")?.Element("param")?.Element("value")
            ?? throw new XmlRpcException("The XML-RPC answer has neither a result nor a fault.");
        return Parse(value);
    }

    public static XElement Value(object? value) => new("value", value switch
    {
        null => new XElement("nil"),
        string text => new XElement("string", text),
        bool flag => new XElement("boolean", flag ? "1" : "0"),
        int number => new XElement("i4", number.ToString(CultureInfo.InvariantCulture)),
        long number => new XElement("i8", number.ToString(CultureInfo.InvariantCulture)),
        double number => new XElement("double", number.ToString("R", CultureInfo.InvariantCulture)),
        byte[] bytes => new XElement("base64", Convert.ToBase64String(bytes)),
        IReadOnlyDictionary<string, object?> members => new XElement("struct",
            members.Select(member => new XElement("member", new XElement("name", member.Key), Value(member.Value)))),
        System.Collections.IEnumerable items => new XElement("array", new XElement("data", items.Cast<object?>().Select(Value))),
        _ => throw new ArgumentException($"XML-RPC cannot carry a {value.GetType().Name}."),
    });

    public static object? Parse(XElement value)
    {
        var typed = value.Elements().FirstOrDefault();
        if (typed is null)
            return value.Value; // a value without a type is a string
        return typed.Name.LocalName switch
        {
            "string" => typed.Value,
            "i4" or "int" => int.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "i8" => long.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "boolean" => typed.Value.Trim() == "1",
            "double" => double.Parse(typed.Value.Trim(), CultureInfo.InvariantCulture),
            "dateTime.iso8601" => typed.Value.Trim(),
            "base64" => Convert.FromBase64String(typed.Value.Trim()),
            "nil" => null,
            "array" => (typed.Element("data")?.Elements("value") ?? []).Select(Parse).ToArray(),
            "struct" => typed.Elements("member").ToDictionary(
                member => member.Element("name")?.Value ?? "",
                member => member.Element("value") is { } inner ? Parse(inner) : null),
            var other => throw new XmlRpcException($"The XML-RPC answer holds an unknown type <{other}>."),
        };
    }
}

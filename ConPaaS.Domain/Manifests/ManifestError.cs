using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Manifests;

/// <summary>Errors in a manifest: the message starts with the field, e.g. <c>Services[1].Type: …</c>.</summary>
public static class ManifestError
{
    // Not a new exception type: the API already turns InvalidInputException into a 400 that names the field.
    public static InvalidInputException At(string field, string problem) => new(field, $"{field}: {problem}.");
}

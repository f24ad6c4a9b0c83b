using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain;

/// <summary>The one rule for every user-chosen name (applications, services, tokens).</summary>
public static class Names
{
    public const int MaxLength = 64;

    /// <summary>Returns the trimmed name, or throws naming <paramref name="field"/>.</summary>
    public static string Validate(string? name, string field)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new InvalidInputException(field, $"The {field} must not be empty.");
        if (trimmed.Length > MaxLength)
            throw new InvalidInputException(field, $"The {field} must be at most {MaxLength} characters (it has {trimmed.Length}).");
        if (trimmed.Any(char.IsControl))
            throw new InvalidInputException(field, $"The {field} must not contain control characters.");
        return trimmed;
    }
}

using System.Globalization;
using System.Text;
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
        if (FirstInvisible(trimmed) is { } invisible)
            throw new InvalidInputException(field,
                $"The {field} must not contain control, formatting or line-separator characters; it has U+{invisible.Value:X4} " +
                $"({Describe(invisible)}) at position {trimmed.IndexOf(invisible.ToString(), StringComparison.Ordinal) + 1}.");
        return trimmed;
    }

    /// <summary>
    /// The first character that is invisible or changes how the rest is shown: controls (Cc), formatting
    /// characters such as a right-to-left override or a zero-width space (Cf), and line and paragraph
    /// separators (Zl, Zp). A name with one can pass for another name in a list or a log.
    /// </summary>
    private static Rune? FirstInvisible(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return rune;
        }
        return null;
    }

    private static string Describe(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => "a control character",
        UnicodeCategory.LineSeparator => "a line separator",
        UnicodeCategory.ParagraphSeparator => "a paragraph separator",
        _ when rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C
            => "a text-direction character",
        _ => "an invisible formatting character",
    };
}

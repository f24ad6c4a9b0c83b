using System.Text;
using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.TaskFarm;

/// <summary>
/// Reads a bag file: one shell command a line; blank lines and lines starting with <c>#</c> are skipped.
/// Every refusal is an <see cref="InvalidInputException"/> on the field <c>bag</c> that names the line.
/// </summary>
public static class BagParser
{
    public const string Field = "bag";

    // Throws on invalid bytes instead of silently replacing them with U+FFFD: a bag with broken text is
    // almost always a binary file uploaded by mistake, and running mangled commands would be worse.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Bag Parse(ReadOnlySpan<byte> content, BagLimits? limits = null)
    {
        int nul = content.IndexOf((byte)0);
        if (nul >= 0)
            throw new InvalidInputException(Field,
                $"The bag looks like a binary file (a NUL byte on line {LineOf(content, nul)}); upload a text file with one command a line.");

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException(Field,
                $"The bag is not valid UTF-8 text (line {LineOf(content, FirstInvalidUtf8(content))}); upload a text file with one command a line.");
        }

        // A byte-order mark is valid UTF-8 but not part of the first command.
        if (text.Length > 0 && text[0] == '\uFEFF')
            text = text[1..];
        return Parse(text, limits);
    }

    public static Bag Parse(string text, BagLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= BagLimits.Default;

        var tasks = new List<BagTask>();
        int lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (rawLine.Length > limits.MaxLineLength)
                throw new InvalidInputException(Field,
                    $"Line {lineNumber} is {rawLine.Length} characters long; a command may have at most {limits.MaxLineLength}.");

            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;

            if (tasks.Count == limits.MaxTasks)
                throw new InvalidInputException(Field,
                    $"Line {lineNumber} is task {limits.MaxTasks + 1}; a bag may hold at most {limits.MaxTasks} tasks. Split it into several bags.");

            tasks.Add(new BagTask(tasks.Count, lineNumber, line.ToString()));
        }

        if (tasks.Count == 0)
            throw new InvalidInputException(Field,
                lineNumber == 0
                    ? "The bag is empty; it needs one command a line."
                    : $"The bag has no commands: all {lineNumber} lines are blank or comments.");

        return new Bag(tasks);
    }

    private static int LineOf(ReadOnlySpan<byte> content, int byteOffset) =>
        content[..Math.Min(byteOffset, content.Length)].Count((byte)'\n') + 1;

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> content)
    {
        // Decode piece by piece to find where the text stops being UTF-8.
        var status = System.Text.Unicode.Utf8.ToUtf16(content, new char[content.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? 0 : read;
    }
}

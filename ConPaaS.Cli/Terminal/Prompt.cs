using System.Text;

namespace ConPaaS.Cli.Terminal;

/// <summary>
/// Asks on the terminal. Questions go to standard error so that standard output carries only results; with
/// redirected input (a script, a test) answers are read one line each.
/// </summary>
public sealed class Prompt(TextWriter questions)
{
    public string Ask(string question, string? suggestion = null)
    {
        questions.Write(suggestion is null ? $"{question}: " : $"{question} [{suggestion}]: ");
        var answer = Console.In.ReadLine()?.Trim();
        return string.IsNullOrEmpty(answer) ? suggestion ?? "" : answer;
    }

    /// <summary>Reads without echo on a terminal, so the password never shows on screen or in a scrollback.</summary>
    public string AskSecret(string question)
    {
        questions.Write($"{question}: ");
        if (Console.IsInputRedirected)
            return Console.In.ReadLine() ?? "";

        var secret = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0) secret.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
        questions.WriteLine();
        return secret.ToString();
    }
}

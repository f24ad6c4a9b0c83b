using System.CommandLine;
using System.Text.Json;
using ConPaaS.Cli.Output;

namespace ConPaaS.Cli.Commands;

/// <summary>A verb that shows something: a table or lines for people, or with <c>--json</c> the API's own shape.</summary>
public abstract class OutputCommand : CpsCommand
{
    private readonly Option<bool> _json = new("--json") { Description = "Print the result as JSON (the API's shape) instead of text." };

    protected OutputCommand(string name, string description) : base(name, description)
    {
        Add(_json);
    }

    protected void Show<T>(ParseResult parse, CliContext context, T value, Action<TextWriter, T> forPeople)
    {
        if (parse.GetValue(_json))
            context.Output.WriteLine(JsonSerializer.Serialize(value, Formats.Json));
        else
            forPeople(context.Output, value);
    }
}

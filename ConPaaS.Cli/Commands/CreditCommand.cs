using System.CommandLine;
using ConPaaS.Cli.Output;
using ConPaaS.Cli.Portal;
using ConPaaS.Domain.Contracts;

namespace ConPaaS.Cli.Commands;

/// <summary>
/// The credit that running nodes use up: your balance, hourly burn and history; an admin reads or sets another
/// user's balance.
/// </summary>
public sealed class CreditCommand : OutputCommand
{
    private readonly Option<string?> _user = new("--user") { Description = "Admin only: another user's credit." };
    private readonly Option<decimal?> _set = new("--set") { Description = "Admin only, with --user: set that user's balance to this amount." };
    private readonly Option<int> _last = new("--last") { Description = "How many history lines to show.", DefaultValueFactory = _ => 20 };

    public CreditCommand() : base("credit", "Show your credit: balance, what your running nodes cost per hour, and the history of charges.")
    {
        Add(_user);
        Add(_set);
        Add(_last);
    }

    protected override async Task RunAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var user = parse.GetValue(_user);
        if (parse.GetValue(_set) is { } balance)
        {
            if (user is null)
                throw CliFailure.Usage("--set needs --user NAME: the user whose balance to set");
            var set = await context.Portal.PutAsync<UserCreditDto>($"users/{Uri.EscapeDataString(user)}/credit", new SetCreditRequest(balance), ct);
            Show(parse, context, set, (output, c) => output.WriteLine($"{c.UserName}'s balance is now {Formats.Money(c.Balance)}."));
            return;
        }

        var credit = await context.Portal.GetAsync<CreditDto>(user is null ? "credit" : $"users/{Uri.EscapeDataString(user)}/credit", ct);
        Show(parse, context, credit, (output, c) =>
        {
            var lasts = c.HourlyBurn > 0 && c.Balance > 0 ? $", about {Math.Floor(c.Balance / c.HourlyBurn)} h at this rate" : "";
            output.WriteLine($"{c.UserName}: balance {Formats.Money(c.Balance)}, running nodes cost {Formats.Price(c.HourlyBurn)}{lasts}.");
            if (c.StopsAt is { } stops)
                output.WriteLine($"Out of credit since {Formats.Time(c.OutOfCreditSince!.Value)}: running services stop at {Formats.Time(stops)} unless an admin adds credit.");
            var table = new Table("WHEN", "WHAT", "AMOUNT", "BALANCE", "DETAIL");
            foreach (var e in c.History.Take(Math.Max(parse.GetValue(_last), 0)))
            {
                var detail = e.NodeId is { } node
                    ? $"node {node} of '{e.ServiceName}' ({e.Cloud}/{e.InstanceType}), hour {e.HourIndex + 1}"
                    : e.Note ?? "";
                table.Add(Formats.Time(e.At), e.Kind, Formats.Money(e.Amount), Formats.Money(e.BalanceAfter), detail);
            }
            output.WriteLine();
            table.WriteTo(output, "No charges yet.");
        });
    }
}

namespace ConPaaS.Domain.Contracts;

/// <summary>
/// A schedule's marks (<see cref="TaskFarmScheduleDto.Marks"/>, the API's names such as <c>CheapestPlus10, Fastest</c>)
/// in words for a person: "cheapest + 10 %, fastest"; nothing at all for <c>None</c>.
/// </summary>
public static class ScheduleMarkWords
{
    public static string Describe(string? marks) =>
        string.Join(", ", (marks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Word).Where(w => w.Length > 0));

    private static string Word(string mark) => mark switch
    {
        "None" => "",
        "Cheapest" => "cheapest",
        "CheapestPlus10" => "cheapest + 10 %",
        "CheapestPlus20" => "cheapest + 20 %",
        "Fastest" => "fastest",
        "FastestMinus10" => "fastest − 10 %",
        "FastestMinus20" => "fastest − 20 %",
        _ => mark,
    };
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConPaaS.Cli.Output;

/// <summary>How values look in `cps` output, the same in every command.</summary>
public static class Formats
{
    /// <summary>
    /// The API's own shapes, indented. Relaxed escaping: this goes to a terminal or a script, never into HTML,
    /// so a name like "a+b" should read as written rather than as "a\u002Bb".
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    public static string Price(decimal perHour) =>
        perHour.ToString("0.00##", CultureInfo.InvariantCulture) + "/h";
}

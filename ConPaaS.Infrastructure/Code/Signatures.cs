namespace ConPaaS.Infrastructure.Code;

/// <summary>Commit authors for uploads: the portal user's name, with a made-up address (git requires one).</summary>
internal static class Signatures
{
    public static string Name(string? userName)
    {
        var clean = new string((userName ?? "").Where(c => !char.IsControl(c) && c is not '<' and not '>').ToArray()).Trim();
        return clean.Length == 0 ? "ConPaaS user" : clean;
    }

    public static string Email(string? userName) =>
        new string(Name(userName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()) + "@conpaas.invalid";
}

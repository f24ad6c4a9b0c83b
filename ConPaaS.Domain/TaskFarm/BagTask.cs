namespace ConPaaS.Domain.TaskFarm;

/// <summary>One task of a bag: a shell command.</summary>
/// <param name="Index">0-based position among the tasks (comments and blank lines skipped).</param>
/// <param name="LineNumber">1-based line of the uploaded file, so messages and outputs can point back to it.</param>
/// <param name="Command">The command, trimmed.</param>
public sealed record BagTask(int Index, int LineNumber, string Command);

namespace ConPaaS.Domain.Contracts;

// Code versions of php and java services: every version is a commit of the service's git repository.

/// <summary>
/// One code version. <see cref="Id"/> is <c>code-default</c> for the welcome page, otherwise the short commit id;
/// <see cref="Source"/> is <c>push</c> or <c>upload</c>; <see cref="Active"/> marks the version the service serves.
/// </summary>
public sealed record CodeVersionDto(string Id, string Source, string Message, string Author, DateTimeOffset CreatedAt, bool Active);

public static class CodeVersionSources
{
    public const string Push = "push";
    public const string Upload = "upload";
    public const string Default = "default";
}

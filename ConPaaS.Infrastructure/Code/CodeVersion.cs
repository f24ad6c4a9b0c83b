namespace ConPaaS.Infrastructure.Code;

/// <summary>A version as the repository knows it: the tag <see cref="Id"/> naming commit <see cref="CommitId"/>.</summary>
public sealed record CodeVersion(string Id, string CommitId, string Source, string Message, string Author, DateTimeOffset CreatedAt);

namespace ConPaaS.Infrastructure.Code;

internal enum ArchiveEntryKind { File, Directory, SymbolicLink, HardLink, Metadata, Other }

/// <summary>
/// One entry of an uploaded ZIP or tar, as read: <see cref="Content"/> is readable only during the visit that
/// receives it (a tar is read front to back). A ZIP symbolic link keeps its target in its content.
/// </summary>
internal sealed record ArchiveEntry(int Index, string Name, ArchiveEntryKind Kind, bool Executable, string? LinkTarget, Stream? Content);

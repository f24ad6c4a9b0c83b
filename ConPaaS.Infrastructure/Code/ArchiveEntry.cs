namespace ConPaaS.Infrastructure.Code;

internal enum ArchiveEntryKind { File, Directory, SymbolicLink, HardLink, Metadata, Other }

/// <summary>
/// One entry of an uploaded ZIP or tar, as read: <see cref="Content"/> is readable only during the visit that
/// receives it (a tar is read front to back). A ZIP symbolic link keeps its target in its content.
/// <see cref="Length"/> is the size the archive records for a file's content; reading the content yields exactly that
/// many bytes or throws.
/// </summary>
internal sealed record ArchiveEntry(
    int Index, string Name, ArchiveEntryKind Kind, bool Executable, string? LinkTarget, Stream? Content, long Length = 0);

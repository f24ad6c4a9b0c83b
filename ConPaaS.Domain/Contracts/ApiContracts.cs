namespace ConPaaS.Domain.Contracts;

// The JSON API's shapes, shared by the portal (which serves them) and the CLI (which reads them).

public sealed record ApplicationDto(int Id, string Name, string Owner, DateTimeOffset CreatedAt, IReadOnlyList<ServiceDto> Services);

public sealed record ServiceDto(
    int Id, int ApplicationId, string Type, string Name, string State, string? StateReason,
    DateTimeOffset CreatedAt, DateTimeOffset StateChangedAt,
    DateTimeOffset? StartedAt = null, string? Cloud = null, bool AutoReplaceFailedNodes = false,
    OperationDto? ActiveOperation = null, string? Url = null, string? ActiveCodeVersion = null, bool DeployOnPush = true,
    ServiceAccessDto? Access = null, string? GeneratedPassword = null, string? Health = null, string? HealthReason = null);

/// <summary>
/// How to reach a database service: host, port and user (the password is the user's own), and the read-only
/// port on the same host whose connections spread over the replicas.
/// </summary>
public sealed record ServiceAccessDto(string Host, int Port, string User, string CommandLine, int? ReadPort = null);

public sealed record SetPasswordRequest(string? Password, string? Confirm);

/// <summary>A MySQL replica: whether it replicates, and how far behind the master it is (null when it does not).</summary>
/// <summary>A copy of a mysql service's databases the portal keeps: <c>stop</c> (taken by a stop, restored by the next start).</summary>
public sealed record MySqlBackupDto(string Name, string Kind, DateTimeOffset TakenAt, long Bytes);

public sealed record ReplicaDto(int NodeId, bool Replicating, long? SecondsBehindMaster, string? LastError);

public sealed record NodeDto(
    int Id, int ServiceId, IReadOnlyList<string> Roles, string State, string? StateReason, string Cloud, string InstanceType,
    string? Address, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? TerminatedAt);

/// <summary>A change of a service: what it is, which step it is at, and how many of its units are done.</summary>
public sealed record OperationDto(
    int Id, string Kind, string Description, string Status, string Step, int Done, int Total, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

public sealed record StartServiceRequest(string? Cloud);

public sealed record AddNodesRequest(string? Role, int Count, string? Cloud);

public sealed record ServiceSettingsRequest(string? Name, bool? AutoReplaceFailedNodes, bool? DeployOnPush = null);

public sealed record LogFileDto(string Name, long Length, DateTimeOffset LastWriteTime);

public sealed record LogContentDto(string Name, long Offset, long Length, long FileLength, string Text);

public sealed record ServiceTypeDto(string Type, string Name, string Description, IReadOnlyList<string> Roles);

public sealed record InstanceTypeDto(string Name, decimal PricePerHour);

public sealed record CloudDto(string Name, string Driver, bool IsDefault, IReadOnlyList<InstanceTypeDto> InstanceTypes);

public sealed record CreateApplicationRequest(string? Name);

public sealed record RenameRequest(string? Name);

public sealed record CreateServiceRequest(int ApplicationId, string? Type, string? Name, string? Password = null);

/// <summary>A token for a user name and password; it lasts until revoked, or ends after some days or at a time (not both).</summary>
public sealed record CreateTokenRequest(string? UserName, string? Password, string? Name, int? ExpiresInDays = null, DateTimeOffset? ExpiresAt = null);

/// <summary>A token as listed: never its value. <see cref="LastUsedAt"/> is kept to the minute.</summary>
public sealed record TokenDto(
    int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Revoked,
    DateTimeOffset? ExpiresAt = null, bool Expired = false);

/// <summary>The answer to a token request: the only time the clear token is shown.</summary>
public sealed record CreatedTokenDto(int Id, string Name, string Token, DateTimeOffset? ExpiresAt = null);

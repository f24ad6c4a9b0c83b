namespace ConPaaS.Domain.Contracts;

// The JSON API's shapes, shared by the portal (which serves them) and the CLI (which reads them).

public sealed record ApplicationDto(int Id, string Name, string Owner, DateTimeOffset CreatedAt, IReadOnlyList<ServiceDto> Services);

public sealed record ServiceDto(
    int Id, int ApplicationId, string Type, string Name, string State, string? StateReason,
    DateTimeOffset CreatedAt, DateTimeOffset StateChangedAt);

public sealed record ServiceTypeDto(string Type, string Name, string Description, IReadOnlyList<string> Roles);

public sealed record InstanceTypeDto(string Name, decimal PricePerHour);

public sealed record CloudDto(string Name, string Driver, bool IsDefault, IReadOnlyList<InstanceTypeDto> InstanceTypes);

public sealed record CreateApplicationRequest(string? Name);

public sealed record RenameRequest(string? Name);

public sealed record CreateServiceRequest(int ApplicationId, string? Type, string? Name);

public sealed record CreateTokenRequest(string? UserName, string? Password, string? Name);

public sealed record TokenDto(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Revoked);

/// <summary>The answer to a token request: the only time the clear token is shown.</summary>
public sealed record CreatedTokenDto(int Id, string Name, string Token);

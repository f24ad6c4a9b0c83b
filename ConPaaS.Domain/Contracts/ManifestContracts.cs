namespace ConPaaS.Domain.Contracts;

/// <summary>A deployment of a manifest and how far each of its services came.</summary>
public sealed record DeploymentDto(
    int Id, string Status, string ApplicationName, int? ApplicationId, string Step, string? Error, bool RollbackOnFailure,
    IReadOnlyList<DeploymentServiceDto> Services, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <param name="Field">The manifest entry, e.g. <c>Services[1]</c>.</param>
public sealed record DeploymentServiceDto(string Field, string Type, string Name, int? ServiceId, string Stage, string Step, string? Error);

/// <summary>A ready-made application of the gallery, with the variables its deployment asks for.</summary>
public sealed record TemplateDto(string Name, string Application, string? Description, IReadOnlyList<TemplateVariableDto> Variables);

public sealed record TemplateVariableDto(string Id, string Label, string? Default, string? Pattern);

public sealed record DeployTemplateRequest(IReadOnlyDictionary<string, string>? Variables, bool RollbackOnFailure = false);

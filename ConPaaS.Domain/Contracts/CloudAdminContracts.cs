using System.Text.Json;

namespace ConPaaS.Domain.Contracts;

/// <summary>
/// A cloud as an admin sees it: where it comes from (<c>appsettings</c>, read-only here, or <c>portal</c>), its
/// driver settings without secrets, and whether a secret is set.
/// </summary>
public sealed record CloudDefinitionDto(
    string Name, string Driver, string Source, IReadOnlyList<InstanceTypeDto> InstanceTypes, JsonElement Settings, bool HasSecret, int ActiveNodes);

/// <summary>
/// An admin's new or edited cloud. <see cref="Settings"/> is the driver's section as in appsettings
/// (<c>Ec2</c> or <c>OpenNebula</c>, e.g. <c>{"region":"eu-west-1","imageId":"ami-…"}</c>); <see cref="Secret"/> is
/// the EC2 secret access key or the OpenNebula password, and an empty one keeps the stored secret.
/// </summary>
public sealed record CloudDefinitionRequest(
    string? Name, string? Driver, IReadOnlyList<InstanceTypeDto>? InstanceTypes, JsonElement? Settings, string? Secret);

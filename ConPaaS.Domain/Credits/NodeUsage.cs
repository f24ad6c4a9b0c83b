namespace ConPaaS.Domain.Credits;

/// <summary>
/// What the charger knows about one node: when it ran, what an hour of it costs, and the last hour already
/// charged (null when none).
/// </summary>
public sealed record NodeUsage(
    int NodeId,
    int ServiceId,
    string ServiceName,
    string Cloud,
    string InstanceType,
    decimal PricePerHour,
    DateTimeOffset StartedAt,
    DateTimeOffset? TerminatedAt,
    int? LastChargedHour);

/// <summary>One hour of one node to charge: the hour's index in the node's uptime, when it began, its price.</summary>
public sealed record HourCharge(NodeUsage Node, int HourIndex, DateTimeOffset DueAt, decimal Price);

using ConPaaS.Domain.Errors;

namespace ConPaaS.Domain.Services;

/// <summary>One service of an application: a type, a state, and (later) its nodes.</summary>
public sealed class Service
{
    private Service() { }

    public Service(int applicationId, ServiceType type, string? name, DateTimeOffset now)
    {
        ApplicationId = applicationId;
        Type = type.Key;
        Name = Names.Validate(string.IsNullOrWhiteSpace(name) ? $"New {type.Key} service" : name, "name");
        State = ServiceState.Init;
        CreatedAt = now;
        StateChangedAt = now;
    }

    public int Id { get; private set; }
    public int ApplicationId { get; private set; }
    public string Type { get; private set; } = "";
    public string Name { get; private set; } = "";
    public ServiceState State { get; private set; }

    /// <summary>Why the service is in <see cref="ServiceState.Error"/>, in words for the user.</summary>
    public string? StateReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StateChangedAt { get; private set; }

    public void Rename(string name) => Name = Names.Validate(name, "name");

    /// <summary>Only a service that holds no nodes may be deleted.</summary>
    public bool IsDeletable => State is ServiceState.Init or ServiceState.Stopped;

    public void EnsureDeletable()
    {
        if (!IsDeletable)
            throw new ConflictException($"Service '{Name}' is {State}; stop it before deleting it.");
    }

    public void MoveTo(ServiceState next, DateTimeOffset now, string? reason = null)
    {
        if (!ServiceStateMachine.CanMove(State, next))
            throw new ConflictException($"Service '{Name}' cannot go from {State} to {next}.");
        State = next;
        StateReason = next == ServiceState.Error ? reason : null;
        StateChangedAt = now;
    }
}

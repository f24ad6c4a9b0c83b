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

    /// <summary>When the service last entered Running from a start, for "started N minutes ago".</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>The cloud new nodes go to when a request names none; chosen at start.</summary>
    public string? Cloud { get; private set; }

    /// <summary>The operation that is changing the service now; at most one at a time.</summary>
    public int? ActiveOperationId { get; private set; }

    /// <summary>Run on every new node before its roles start.</summary>
    public string? StartupScript { get; private set; }

    /// <summary>Opt-in: a node that stops answering is replaced by a new one automatically.</summary>
    public bool AutoReplaceFailedNodes { get; private set; }

    /// <summary>The code version a web service serves (php, java); every version is a git commit.</summary>
    public string ActiveCodeVersion { get; private set; } = DefaultCodeVersion;

    /// <summary>A push to main activates the pushed version at once (on by default, as on Heroku or Dokku).</summary>
    public bool DeployOnPush { get; private set; } = true;

    public const string DefaultCodeVersion = "code-default";

    /// <summary>The service's secrets (e.g. the database password), encrypted by the portal; never in clear here.</summary>
    public string? ProtectedSecrets { get; private set; }

    public void SetProtectedSecrets(string protectedSecrets)
    {
        ProtectedSecrets = protectedSecrets;
        Touch();
    }

    public void SetActiveCodeVersion(string version)
    {
        ActiveCodeVersion = version;
        Touch();
    }

    public void SetDeployOnPush(bool enabled)
    {
        DeployOnPush = enabled;
        Touch();
    }

    /// <summary>Changes on every save, so two requests that both read "idle" cannot both start an operation.</summary>
    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    public void Touch() => ConcurrencyStamp = Guid.NewGuid();

    public void SetStartupScript(string? script)
    {
        StartupScript = string.IsNullOrEmpty(script) ? null : script;
        Touch();
    }

    public void SetAutoReplaceFailedNodes(bool enabled)
    {
        AutoReplaceFailedNodes = enabled;
        Touch();
    }

    /// <summary>Claims the service for an operation; refused while another one runs.</summary>
    public void BeginOperation(int operationId, ServiceState next, string? cloud, DateTimeOffset now)
    {
        if (ActiveOperationId is not null)
            throw new ConflictException($"Service '{Name}' is busy with another operation ({State}); wait until it ends.");
        MoveTo(next, now);
        if (cloud is not null)
            Cloud = cloud;
        ActiveOperationId = operationId;
        Touch();
    }

    /// <summary>Releases the service after an operation, in the state it ended in.</summary>
    public void EndOperation(ServiceState final, DateTimeOffset now, string? reason = null)
    {
        if (final == ServiceState.Running && State == ServiceState.Prologue)
            StartedAt = now;
        if (State != final)
            MoveTo(final, now, reason);
        else if (final == ServiceState.Error)
            StateReason = reason;
        ActiveOperationId = null;
        Touch();
    }

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

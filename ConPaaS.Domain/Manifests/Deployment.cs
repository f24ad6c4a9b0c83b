namespace ConPaaS.Domain.Manifests;

/// <summary>
/// The deployment of one manifest into a new application, persisted step by step so that a page shows where it
/// is and a portal restart resumes it. The plan (with its generated secrets) is kept encrypted by the portal.
/// </summary>
public sealed class Deployment
{
    private Deployment() { }

    public Deployment(string ownerId, string applicationName, string protectedPlan, bool rollbackOnFailure, DateTimeOffset now)
    {
        OwnerId = ownerId;
        ApplicationName = applicationName;
        ProtectedPlan = protectedPlan;
        RollbackOnFailure = rollbackOnFailure;
        Status = DeploymentStatus.Pending;
        Step = "Queued";
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }
    public string OwnerId { get; private set; } = "";

    /// <summary>The name asked for; the application may get " (2)" appended when the name is taken.</summary>
    public string ApplicationName { get; private set; } = "";

    public int? ApplicationId { get; private set; }
    public DeploymentStatus Status { get; private set; }
    public bool RollbackOnFailure { get; private set; }
    public string Step { get; private set; } = "";
    public string? Error { get; private set; }

    /// <summary>The resolved manifest, encrypted: it holds generated secrets and variable values.</summary>
    public string ProtectedPlan { get; private set; } = "";

    public List<DeploymentService> Services { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public bool IsActive => Status is DeploymentStatus.Pending or DeploymentStatus.Running;

    public void ApplicationCreated(int applicationId, string name, DateTimeOffset now)
    {
        ApplicationId = applicationId;
        ApplicationName = name;
        Progress("Application created", now);
    }

    public void Progress(string step, DateTimeOffset now)
    {
        Status = DeploymentStatus.Running;
        Step = step;
        UpdatedAt = now;
    }

    public void Succeed(DateTimeOffset now)
    {
        Status = DeploymentStatus.Succeeded;
        Step = "Done";
        UpdatedAt = now;
        FinishedAt = now;
    }

    public void Fail(string error, bool rolledBack, DateTimeOffset now)
    {
        Status = rolledBack ? DeploymentStatus.RolledBack : DeploymentStatus.Failed;
        Error = error;
        Step = rolledBack ? "Rolled back" : "Failed";
        UpdatedAt = now;
        FinishedAt = now;
    }
}

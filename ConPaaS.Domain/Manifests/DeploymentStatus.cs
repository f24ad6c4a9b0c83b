namespace ConPaaS.Domain.Manifests;

public enum DeploymentStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,

    /// <summary>Failed, and what it had created was removed as the user asked (<c>rollbackOnFailure</c>).</summary>
    RolledBack,
}

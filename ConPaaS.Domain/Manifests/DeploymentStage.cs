namespace ConPaaS.Domain.Manifests;

/// <summary>
/// How far one service of a deployment has come, in the order the original deployed a manifest entry.
/// A resumed deployment skips the stages a service has passed, so every stage runs once.
/// </summary>
public enum DeploymentStage
{
    Waiting,
    Created,
    Renamed,
    StartupScriptSet,
    PasswordSet,
    ArchiveUploaded,
    Started,
    CodeActivated,
    DumpLoaded,
    BagUploaded,
    Scaled,
    Done,
}

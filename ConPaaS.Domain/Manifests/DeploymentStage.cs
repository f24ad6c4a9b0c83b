namespace ConPaaS.Domain.Manifests;

/// <summary>
/// How far one service of a deployment has come. The original uploaded the code after starting; here it is
/// activated before the start, so the service starts serving it without a second switch.
/// A resumed deployment skips the stages a service has passed, so every stage runs once.
/// </summary>
public enum DeploymentStage
{
    // In the order they happen: a stage is skipped when the service has reached it or a later one.
    Waiting,
    Created,
    StartupScriptSet,
    CodeActivated,
    Started,
    DumpLoaded,
    BagUploaded,
    Scaled,
    Done,
}

namespace ConPaaS.Domain.Services;

/// <summary>The original's service states: Init → Prologue → Running ⇄ Adapting → Epilogue → Stopped, and Error.</summary>
public enum ServiceState
{
    Init,
    Prologue,
    Running,
    Adapting,
    Epilogue,
    Stopped,
    Error,
}

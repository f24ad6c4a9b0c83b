namespace ConPaaS.Domain.Services;

/// <summary>The allowed moves between service states, as in the original.</summary>
public static class ServiceStateMachine
{
    private static readonly Dictionary<ServiceState, ServiceState[]> Moves = new()
    {
        [ServiceState.Init] = [ServiceState.Prologue, ServiceState.Epilogue],
        [ServiceState.Prologue] = [ServiceState.Running, ServiceState.Error, ServiceState.Epilogue],
        [ServiceState.Running] = [ServiceState.Adapting, ServiceState.Epilogue, ServiceState.Error],
        [ServiceState.Adapting] = [ServiceState.Running, ServiceState.Error, ServiceState.Epilogue],
        [ServiceState.Epilogue] = [ServiceState.Stopped, ServiceState.Error],
        [ServiceState.Stopped] = [ServiceState.Prologue],
        [ServiceState.Error] = [ServiceState.Epilogue, ServiceState.Prologue, ServiceState.Running, ServiceState.Adapting, ServiceState.Stopped],
    };

    public static bool CanMove(ServiceState from, ServiceState to) => Moves[from].Contains(to);
}

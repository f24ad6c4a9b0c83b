using ConPaaS.Domain.Services;

namespace ConPaaS.Infrastructure.Managers;

/// <summary>Nodes that run only the agent's self-test role: checks a cloud and the node machinery end to end.</summary>
public sealed class SelfTestManager : ServiceManager
{
    public override ServiceType Type => ServiceTypeCatalog.SelfTest;

    public override string AgentRole(string role) => role;
}

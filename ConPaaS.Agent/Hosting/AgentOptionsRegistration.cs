namespace ConPaaS.Agent.Hosting;

public static class AgentOptionsRegistration
{
    /// <summary>Reads and checks the agent's options once: without them the agent cannot even listen.</summary>
    public static AgentOptions AddAgentOptions(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>() ?? new AgentOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<NodeFolders>();
        builder.Services.AddSingleton<WorkloadIdentity>();
        builder.Services.AddSingleton(new AgentClock(TimeProvider.System));
        return options;
    }
}

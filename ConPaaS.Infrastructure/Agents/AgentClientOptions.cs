namespace ConPaaS.Infrastructure.Agents;

/// <summary>How patient the agent client is (section <c>ConPaaS:Agents</c>).</summary>
public sealed class AgentClientOptions
{
    public const string SectionName = "ConPaaS:Agents";

    /// <summary>How long one TCP connect (and the TLS handshake after it) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one attempt of an ordinary call may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an ordinary call may take in all, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt of a call that failed in a transient way.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first pause before a retry; later pauses grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a startup script may run; it is never retried once it reached the agent.</summary>
    public TimeSpan StartupScriptTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often <see cref="IAgentClient.WaitUntilReadyAsync"/> asks a starting agent.</summary>
    public TimeSpan ReadyPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ConPaaS.Infrastructure.Agents;

/// <summary>
/// The retry and timeout rules of agent calls. A call is retried when it plainly never reached the agent
/// (connection refused or reset before sending, an agent still starting) and, for idempotent calls, also when
/// an attempt timed out or the agent answered 502/503/504. TLS refusals and error answers are final.
/// </summary>
internal sealed class AgentResilience(AgentClientOptions options, ILogger logger)
{
    public ResiliencePipeline<HttpResponseMessage> Idempotent { get; } =
        Build(options, logger, idempotent: true, options.AttemptTimeout, options.TotalTimeout);

    /// <summary>For calls that must not run twice (a startup script): retried only if they never got through.</summary>
    public ResiliencePipeline<HttpResponseMessage> AtMostOnce { get; } =
        Build(options, logger, idempotent: false, options.StartupScriptTimeout, options.StartupScriptTimeout + options.TotalTimeout);

    private static ResiliencePipeline<HttpResponseMessage> Build(
        AgentClientOptions options, ILogger logger, bool idempotent, TimeSpan attemptTimeout, TimeSpan totalTimeout) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(totalTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = arguments => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(arguments.Outcome, idempotent)),
                OnRetry = arguments =>
                {
                    logger.LogDebug(arguments.Outcome.Exception, "Agent call failed (attempt {Attempt}), retrying in {Delay}",
                        arguments.AttemptNumber + 1, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(attemptTimeout)
            .Build();

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, bool idempotent) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => true,
        { Exception: TimeoutRejectedException } => idempotent,
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } } => idempotent,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => idempotent,
        _ => false,
    };
}

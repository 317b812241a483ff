using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Core.Hosting;

/// <summary>Model provider timeouts, the retry policy and the circuit breaker (<c>OpenClaw:Providers</c>).</summary>
public sealed class ProviderOptions
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "OpenClaw:Providers";

    [Range(1, 600)]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Until a cloud provider's response headers arrive (a provider's own <c>timeoutSeconds</c> wins).</summary>
    [Range(1, 86_400)]
    public int FirstByteTimeoutSeconds { get; set; } = 120;

    /// <summary>Between two chunks a cloud provider streams (a provider's own <c>timeoutSeconds</c> wins).</summary>
    [Range(1, 86_400)]
    public int ChunkTimeoutSeconds { get; set; } = 120;

    /// <summary>Both waits for a self-hosted provider (Ollama, a loopback or private address).</summary>
    [Range(1, 86_400)]
    public int SelfHostedTimeoutSeconds { get; set; } = 300;

    /// <summary>Calls of one model for a retryable failure (agent-runtime.md §5.6), the first included.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>A provider's <c>Retry-After</c> up to this long is honoured; a longer one means no retry.</summary>
    [Range(0, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Failed calls of one run, with their pauses, may take this long in all; then no retry or fallback starts.</summary>
    [Range(1, 86_400)]
    public int FailureBudgetSeconds { get; set; } = 150;

    [ValidateObjectMembers]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>The per-provider circuit breaker (<c>OpenClaw:Providers:CircuitBreaker</c>).</summary>
public sealed class CircuitBreakerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Consecutive failed calls of a provider (timeouts, 5xx, malformed streams) that open its circuit.</summary>
    [Range(1, 1000)]
    public int FailureThreshold { get; set; } = 3;

    /// <summary>How long an open circuit refuses calls before a probe call is let through.</summary>
    [Range(1, 3600)]
    public int BreakSeconds { get; set; } = 30;
}

[OptionsValidator]
internal sealed partial class ProviderOptionsValidator : IValidateOptions<ProviderOptions>;

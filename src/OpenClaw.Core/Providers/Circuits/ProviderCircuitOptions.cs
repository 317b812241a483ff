namespace OpenClaw.Core.Providers.Circuits;

/// <summary>When a provider's circuit opens and for how long (host settings <c>OpenClaw:Providers:CircuitBreaker</c>).</summary>
public sealed record ProviderCircuitOptions
{
    /// <summary>False turns the breaker off: every call is made, however the provider behaves.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Consecutive failed runs (stalls, broken connections, 5xx, 529, malformed streams) that open the circuit; a run counts once however often it retried.</summary>
    public int FailureThreshold { get; init; } = 3;

    /// <summary>How long an open circuit refuses calls before one probe call is let through.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}

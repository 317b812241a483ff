namespace OpenClaw.Core.Providers.Circuits;

/// <summary>One provider's circuit as health reports show it.</summary>
/// <param name="ProviderId">The provider id of <c>models.providers</c>.</param>
/// <param name="State"><c>closed</c>, <c>open</c> or <c>half-open</c> (a probe call is in flight).</param>
/// <param name="ConsecutiveFailures">Failed calls since the last healthy one.</param>
/// <param name="RetryAfter">While open: how long until a probe is let through.</param>
/// <param name="LastFailure">The last failure's reason (<c>timeout</c>, <c>server_error</c>, …).</param>
public sealed record ProviderCircuitStatus(string ProviderId, string State, int ConsecutiveFailures, TimeSpan? RetryAfter, string? LastFailure)
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half-open";
}

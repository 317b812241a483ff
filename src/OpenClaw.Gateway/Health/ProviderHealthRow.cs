using System.Text.Json.Serialization;
using OpenClaw.Core.Providers.Circuits;

namespace OpenClaw.Gateway.Health;

/// <summary>A provider whose circuit is not closed, as <c>/readyz</c> details and the WebSocket health reports list it.</summary>
internal sealed record ProviderHealthRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("consecutiveFailures")] int ConsecutiveFailures,
    [property: JsonPropertyName("retryAfterMs")] long? RetryAfterMs,
    [property: JsonPropertyName("lastFailure")] string? LastFailure)
{
    public static IReadOnlyList<ProviderHealthRow> Unhealthy(ProviderCircuits circuits) =>
        [.. circuits.Unhealthy().Select(From)];

    private static ProviderHealthRow From(ProviderCircuitStatus status) => new(
        status.ProviderId,
        status.State,
        status.ConsecutiveFailures,
        status.RetryAfter is { } wait ? (long)Math.Ceiling(wait.TotalMilliseconds) : null,
        status.LastFailure);
}

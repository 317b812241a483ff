using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Providers.Circuits;

/// <summary>
/// The circuit breakers of every provider, keyed by provider id (one per configured provider, so the set stays
/// bounded); reported by <c>/readyz</c> and the WebSocket <c>health</c> and <c>status</c> methods.
/// </summary>
public sealed partial class ProviderCircuits(ProviderCircuitOptions options, TimeProvider time, ILogger<ProviderCircuits>? logger = null)
{
    private readonly ConcurrentDictionary<string, ProviderCircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<ProviderCircuits>.Instance;
    private readonly TimeProvider _time = time;

    /// <summary>A breaker-less instance (the CLI's in-process runs, tests that do not exercise it).</summary>
    public static ProviderCircuits Disabled { get; } = new(new ProviderCircuitOptions { Enabled = false }, TimeProvider.System);

    public ProviderCircuitOptions Options { get; } = options;

    /// <summary>The breaker of <paramref name="model"/>'s provider, or null when calls are never refused (breaker off, offline echo model).</summary>
    public ProviderCircuitBreaker? For(ResolvedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Options.Enabled || model.Api == "echo")
        {
            return null;
        }

        return _breakers.GetOrAdd(model.Ref.Provider, static (id, self) =>
        {
            var breaker = new ProviderCircuitBreaker(id, self.Options, self._time);
            breaker.StateChanged += self.OnStateChanged;
            return breaker;
        }, this);
    }

    /// <summary>The providers whose circuit is not closed, by id.</summary>
    public IReadOnlyList<ProviderCircuitStatus> Unhealthy() =>
        [.. _breakers.Values.Select(b => b.Status()).Where(s => s.State != ProviderCircuitStatus.Closed).OrderBy(s => s.ProviderId, StringComparer.Ordinal)];

    /// <summary>Every provider called so far, by id.</summary>
    public IReadOnlyList<ProviderCircuitStatus> All() =>
        [.. _breakers.Values.Select(b => b.Status()).OrderBy(s => s.ProviderId, StringComparer.Ordinal)];

    private void OnStateChanged(ProviderCircuitBreaker breaker, bool opened)
    {
        var status = breaker.Status();
        if (opened)
        {
            Log.Opened(_logger, status.ProviderId, status.ConsecutiveFailures, status.LastFailure ?? "", (long)Options.BreakDuration.TotalSeconds);
        }
        else
        {
            Log.Closed(_logger, status.ProviderId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, EventName = "ProviderCircuitOpened", Level = LogLevel.Warning,
            Message = "provider {ProviderId} is failing ({Failures} failed calls in a row, last: {Reason}): its circuit is open, calls are refused for {BreakSeconds}s before a probe")]
        public static partial void Opened(ILogger logger, string providerId, int failures, string reason, long breakSeconds);

        [LoggerMessage(EventId = 2102, EventName = "ProviderCircuitClosed", Level = LogLevel.Information,
            Message = "provider {ProviderId} answered a probe call: its circuit is closed again")]
        public static partial void Closed(ILogger logger, string providerId);
    }
}

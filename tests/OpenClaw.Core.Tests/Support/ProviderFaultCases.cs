using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Support;

/// <summary>What every adapter's fault tests share: deadlines and the status classification of agent-runtime.md §5.6.</summary>
internal static class ProviderFaultCases
{
    // Generous limits for tests about other faults, so a loaded machine cannot turn them into timeouts.
    public static readonly ProviderTimeouts Relaxed = new() { Connect = TimeSpan.FromSeconds(5), FirstByte = TimeSpan.FromSeconds(10), BetweenChunks = TimeSpan.FromSeconds(10) };
    public static readonly ProviderTimeouts ShortBetweenChunks = Relaxed with { BetweenChunks = TimeSpan.FromMilliseconds(300) };

    // For deadlines on a FakeTimeProvider: longer than any test waits in real time, so a deadline that ran on the
    // system clock instead could not fire; and two different values, so the message tells which deadline fired.
    public static readonly ProviderTimeouts FakeClock = Relaxed with { FirstByte = TimeSpan.FromSeconds(30), BetweenChunks = TimeSpan.FromSeconds(20) };

    public static TheoryData<int, string> StatusReasons() => new()
    {
        { 500, ProviderFailureReason.ServerError },
        { 502, ProviderFailureReason.ServerError },
        { 503, ProviderFailureReason.ServerError },
        { 529, ProviderFailureReason.Overloaded },
        { 429, ProviderFailureReason.RateLimit },
        { 401, ProviderFailureReason.Auth },
        { 403, ProviderFailureReason.AuthPermanent },
        { 402, ProviderFailureReason.Billing },
        { 404, ProviderFailureReason.ModelNotFound },
        { 400, ProviderFailureReason.Format },
        { 413, ProviderFailureReason.Format },
    };
}

namespace OpenClaw.Testing;

/// <summary>The faults every fake upstream's script can ask for; <see cref="FakeExchange"/> plays them.</summary>
internal interface IFakeUpstreamScript
{
    TimeSpan DelayBeforeHeaders { get; }

    TimeSpan DelayBetweenChunks { get; }

    int? HangAfterChunks { get; }

    int? DropAfterChunks { get; }

    bool DropBeforeHeaders { get; }

    bool StallErrorBody { get; }

    string? RawBody { get; }

    string? RawContentType { get; }

    int StatusCode { get; }

    string? ErrorBody { get; }

    string? ErrorContentType { get; }

    string? RetryAfter { get; }

    IReadOnlyDictionary<string, string>? Headers { get; }
}

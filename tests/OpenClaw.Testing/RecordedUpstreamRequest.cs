using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>How an exchange with <see cref="FakeOpenAiUpstream"/> ended.</summary>
public enum UpstreamOutcomeKind
{
    /// <summary>The whole scripted response was written and flushed.</summary>
    Completed,

    /// <summary>The client (the gateway) closed or cancelled before the response was complete.</summary>
    ClientAborted,

    /// <summary>The fake itself cut the connection: a scripted drop, or the fake was disposed mid-exchange.</summary>
    ServerAborted,
}

/// <summary>The end of one exchange, with the moment it was observed.</summary>
/// <param name="Kind">How the exchange ended.</param>
/// <param name="ObservedAt">
/// When the end was seen; for <see cref="UpstreamOutcomeKind.ClientAborted"/> this is the moment
/// Kestrel signalled <c>RequestAborted</c>, not when the handler got round to noticing.
/// </param>
/// <param name="ChunksWritten">Content/tool-call delta frames written before the end.</param>
public sealed record UpstreamRequestOutcome(UpstreamOutcomeKind Kind, DateTimeOffset ObservedAt, int ChunksWritten)
{
    public bool IsClientAborted => Kind == UpstreamOutcomeKind.ClientAborted;
}

/// <summary>One request as the fake upstream received it.</summary>
public sealed class RecordedUpstreamRequest
{
    private readonly TaskCompletionSource<UpstreamRequestOutcome> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedUpstreamRequest(int sequence, HttpRequest request, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        Sequence = sequence;
        Method = request.Method;
        Path = request.Path.Value ?? "/";
        Headers = headers;
        Body = body;
        ReceivedAt = DateTimeOffset.UtcNow;
        Json = TryParse(body);
    }

    /// <summary>1-based arrival number across all requests the fake received.</summary>
    public int Sequence { get; }

    public string Method { get; }

    /// <summary>Request path including the <c>/v1</c> prefix, without the query string.</summary>
    public string Path { get; }

    /// <summary>Request headers (case-insensitive names; repeated headers joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The raw request body decoded as UTF-8.</summary>
    public string Body { get; }

    /// <summary>The parsed body, or null when it was empty or not JSON.</summary>
    public JsonDocument? Json { get; }

    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Completes when the exchange ended; never faults.</summary>
    public Task<UpstreamRequestOutcome> Completion => _completion.Task;

    /// <summary>The <c>model</c> field of the JSON body, if any.</summary>
    public string? Model => GetRootString("model");

    /// <summary>Whether the body asked for an SSE stream (<c>"stream": true</c>).</summary>
    public bool IsStreaming =>
        Json is { RootElement.ValueKind: JsonValueKind.Object } doc
        && doc.RootElement.TryGetProperty("stream", out var stream)
        && stream.ValueKind == JsonValueKind.True;

    /// <summary>Whether the body asked for a trailing usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage =>
        Json is { RootElement.ValueKind: JsonValueKind.Object } doc
        && doc.RootElement.TryGetProperty("stream_options", out var options)
        && options.ValueKind == JsonValueKind.Object
        && options.TryGetProperty("include_usage", out var include)
        && include.ValueKind == JsonValueKind.True;

    /// <summary>Returns a header value or null (case-insensitive).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Waits for the exchange to end, failing the test with a <see cref="TimeoutException"/> if it does not.</summary>
    public Task<UpstreamRequestOutcome> WaitForCompletionAsync(TimeSpan timeout) =>
        Completion.WaitAsync(timeout);

    public override string ToString() => $"#{Sequence} {Method} {Path} ({Body.Length} chars)";

    internal bool TryComplete(UpstreamRequestOutcome outcome) => _completion.TrySetResult(outcome);

    private string? GetRootString(string name) =>
        Json is { RootElement.ValueKind: JsonValueKind.Object } doc
        && doc.RootElement.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

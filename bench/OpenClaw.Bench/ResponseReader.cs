using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>How one request ended. <see cref="ErrorKind"/> is null for a success.</summary>
internal readonly record struct Outcome(long HeadersAt, long FirstTokenAt, long EndAt, string? ErrorKind, string? ErrorDetail)
{
    public static Outcome Failure(string kind, string? detail) => new(0, 0, Stopwatch.GetTimestamp(), kind, detail);
}

/// <summary>
/// Reads one response body with a buffer reused across a worker's requests. Non-streaming: the whole body, checked
/// for <c>choices[0].message.content</c>. Streaming: SSE lines; the first <c>data:</c> line whose
/// <c>choices[0].delta.content</c> is a non-empty string stamps the time-to-first-token; the stream must end with
/// <c>data: [DONE]</c>.
/// </summary>
internal sealed class ResponseReader
{
    private byte[] _buffer = new byte[32 * 1024];

    public async Task<Outcome> ReadJsonAsync(Stream body, long headersAt, CancellationToken cancellationToken)
    {
        var length = await ReadToEndAsync(body, cancellationToken).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp();
        return HasMessageContent(_buffer.AsMemory(0, length))
            ? new Outcome(headersAt, 0, end, null, null)
            : new Outcome(headersAt, 0, end, "bad_body", Preview(_buffer.AsSpan(0, length)));
    }

    public async Task<Outcome> ReadErrorAsync(Stream body, int status, CancellationToken cancellationToken)
    {
        var length = await ReadToEndAsync(body, cancellationToken).ConfigureAwait(false);
        return Outcome.Failure($"http_{status}", Preview(_buffer.AsSpan(0, length)));
    }

    public async Task<Outcome> ReadSseAsync(Stream body, long headersAt, CancellationToken cancellationToken)
    {
        var state = new SseState();
        var filled = 0;
        var scanned = 0;
        while (!state.Done)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await body.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var consumed = ScanLines(_buffer, scanned, filled, ref state, Stopwatch.GetTimestamp());
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, filled - consumed);
            filled -= consumed;
            scanned = filled;
        }

        if (state.Done)
        {
            // Drain anything after [DONE] so the connection can be reused.
            while (await body.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }

        var end = Stopwatch.GetTimestamp();
        return state switch
        {
            { Error: { } error } => new Outcome(headersAt, state.FirstTokenAt, end, "sse_error", error),
            { Done: false } => new Outcome(headersAt, state.FirstTokenAt, end, "sse_truncated", $"stream ended without [DONE] after {state.DataLines} data lines"),
            { FirstTokenAt: 0 } => new Outcome(headersAt, 0, end, "sse_no_content", $"no delta.content in {state.DataLines} data lines"),
            _ => new Outcome(headersAt, state.FirstTokenAt, end, null, null),
        };
    }

    /// <summary>Processes the complete lines in buffer[..filled] (new bytes start at <paramref name="from"/>); returns where the incomplete tail starts.</summary>
    private static int ScanLines(byte[] buffer, int from, int filled, ref SseState state, long now)
    {
        var lineStart = 0;
        var search = from;
        while (search < filled)
        {
            var newline = buffer.AsSpan(search, filled - search).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var lineEnd = search + newline;
            ProcessLine(buffer.AsMemory(lineStart, lineEnd - lineStart), ref state, now);
            lineStart = search = lineEnd + 1;
        }

        return lineStart;
    }

    private static void ProcessLine(ReadOnlyMemory<byte> line, ref SseState state, long now)
    {
        var span = line.Span.TrimEnd((byte)'\r');
        if (!span.StartsWith("data:"u8))
        {
            return;
        }

        var start = 5;
        while (start < span.Length && span[start] == (byte)' ')
        {
            start++;
        }

        var payload = line[start..span.Length];
        if (payload.Span.SequenceEqual("[DONE]"u8))
        {
            state.Done = true;
            return;
        }

        state.DataLines++;

        // Only parse until the first token was seen (and error chunks, which the gateway sends as {"error":...}).
        if (state.FirstTokenAt == 0 || payload.Span.IndexOf("\"error\""u8) >= 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(payload);
                var root = doc.RootElement;
                if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                {
                    state.Error ??= Preview(payload.Span);
                }
                else if (state.FirstTokenAt == 0
                    && root.TryGetProperty("choices", out var choices)
                    && choices.ValueKind == JsonValueKind.Array
                    && choices.GetArrayLength() > 0
                    && choices[0].TryGetProperty("delta", out var delta)
                    && delta.ValueKind == JsonValueKind.Object
                    && delta.TryGetProperty("content", out var content)
                    && content.ValueKind == JsonValueKind.String
                    && content.GetString() is { Length: > 0 })
                {
                    state.FirstTokenAt = now;
                }
            }
            catch (JsonException)
            {
                state.Error ??= "invalid JSON in data line: " + Preview(payload.Span);
            }
        }
    }

    private static bool HasMessageContent(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("message", out var message)
                && message.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String
                && content.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<int> ReadToEndAsync(Stream body, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (true)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await body.ReadAsync(_buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return filled;
            }

            filled += read;
        }
    }

    private static string Preview(ReadOnlySpan<byte> bytes) =>
        Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 300)]).ReplaceLineEndings(" ");

    private struct SseState
    {
        public bool Done;
        public long FirstTokenAt;
        public int DataLines;
        public string? Error;
    }
}

using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>Reads a chat completion's SSE frames into a <see cref="SlowReaderResult"/>, checking each delta's order.</summary>
internal sealed class SseTally(int chunkChars, SlowReaderResult result)
{
    private long _bytes;

    /// <summary>Reads until <paramref name="untilBytes"/> were read, <c>[DONE]</c>, or the end of the body.</summary>
    public async Task ReadAsync(StreamReader reader, long untilBytes, CancellationToken cancellationToken)
    {
        while (!result.DoneSeen && _bytes < untilBytes && await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            _bytes += line.Length + 1;
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                result.DoneSeen = true;
                return;
            }

            using var document = JsonDocument.Parse(data);
            Read(document.RootElement, data);
        }
    }

    private void Read(JsonElement frame, string data)
    {
        if (frame.TryGetProperty("error", out _))
        {
            result.ErrorFrame ??= data;
            return;
        }

        if (frame.GetProperty("choices") is not { ValueKind: JsonValueKind.Array } choices || choices.GetArrayLength() == 0)
        {
            return;
        }

        var choice = choices[0];
        result.FinishSeen |= choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String;
        if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
        {
            if (result.OutOfOrder is null && text != FloodUpstream.Delta(result.DeltasReceived, chunkChars))
            {
                result.OutOfOrder = $"delta #{result.DeltasReceived} was '{text[..Math.Min(12, text.Length)]}…'";
            }

            result.DeltasReceived++;
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers;

/// <summary>
/// The sampling parameters the OpenAI and Ollama bodies share, in the order the original writes them: temperature,
/// top_p, the penalties (OpenAI only: Ollama has no such options), seed, stop.
/// </summary>
internal static class SamplingParameters
{
    public static void Write(Utf8JsonWriter writer, ChatOptions options, bool penalties)
    {
        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (penalties && options.FrequencyPenalty is { } frequency)
        {
            writer.WriteNumber("frequency_penalty"u8, frequency);
        }

        if (penalties && options.PresencePenalty is { } presence)
        {
            writer.WriteNumber("presence_penalty"u8, presence);
        }

        if (options.Seed is { } seed)
        {
            writer.WriteNumber("seed"u8, seed);
        }

        if (options.StopSequences is { Count: > 0 } stop)
        {
            writer.WriteStartArray("stop"u8);
            foreach (var s in stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }
    }
}

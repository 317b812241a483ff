using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Serializes outbound frames (gateway-protocol.md §2): compact JSON, <c>type</c> first, no null-valued optional keys.
/// </summary>
internal static class SocketFrames
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Http.MinimalJsonEncoder.Instance, SkipValidation = false };

    public static byte[] Response(string id, JsonNode? payload) => Write(writer =>
    {
        WriteResponseStart(writer, id, ok: true, payload);
        writer.WriteEndObject();
    });

    /// <summary>An <c>ok:false</c> response; <paramref name="payload"/> only for the failed final of <c>agent</c>.</summary>
    public static byte[] Error(string id, SocketRequestException error, JsonNode? payload = null) => Write(writer =>
    {
        WriteResponseStart(writer, id, ok: false, payload);
        writer.WritePropertyName("error"u8);
        error.ToShape().WriteTo(writer);
        writer.WriteEndObject();
    });

    /// <summary>An event frame around an already serialized payload; <paramref name="seq"/> 0 omits the key.</summary>
    public static byte[] Event(string name, ReadOnlySpan<byte> payloadJson, long seq, JsonNode? stateVersion = null)
    {
        var buffer = new ArrayBufferWriter<byte>(payloadJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "event");
            writer.WriteString("event"u8, name);
            writer.WritePropertyName("payload"u8);
            writer.WriteRawValue(payloadJson, skipInputValidation: true);
            if (seq > 0)
            {
                writer.WriteNumber("seq"u8, seq);
            }

            if (stateVersion is not null)
            {
                writer.WritePropertyName("stateVersion"u8);
                stateVersion.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Payload(JsonNode payload) => Write(writer => payload.WriteTo(writer));

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A response frame up to its payload (<c>{"type":"res","id","ok"[,"payload"]</c>); the caller closes it.</summary>
    private static void WriteResponseStart(Utf8JsonWriter writer, string id, bool ok, JsonNode? payload)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "res");
        writer.WriteString("id"u8, id);
        writer.WriteBoolean("ok"u8, ok);
        if (payload is not null)
        {
            writer.WritePropertyName("payload"u8);
            payload.WriteTo(writer);
        }
    }
}

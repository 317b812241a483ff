using System.Text.Json;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>Payloads of the <c>chat</c> event (gateway-protocol.md §5.2), keys in the observed order.</summary>
internal static class ChatPayloads
{
    public static byte[] Delta(AgentEvent run, long seq, long ts, string deltaText, string text) => SocketFrames.Write(writer =>
    {
        WriteHead(writer, run, seq, "delta");
        writer.WriteString("deltaText"u8, deltaText);
        WriteMessage(writer, text, ts);
        writer.WriteEndObject();
    });

    public static byte[] Terminal(AgentEvent e, string state, string text, string? stopReason, string? error, string? errorKind) => SocketFrames.Write(writer =>
    {
        WriteHead(writer, e, e.Seq, state);
        if (error is not null)
        {
            writer.WriteString("errorMessage"u8, error);
            if (errorKind is not null)
            {
                writer.WriteString("errorKind"u8, errorKind);
            }
        }
        else
        {
            writer.WriteString("stopReason"u8, stopReason);
            if (state == "final" || text.Length > 0)
            {
                WriteMessage(writer, text, e.Ts);
            }
        }

        writer.WriteEndObject();
    });

    private static void WriteHead(Utf8JsonWriter writer, AgentEvent e, long seq, string state)
    {
        writer.WriteStartObject();
        writer.WriteString("runId"u8, e.RunId);
        writer.WriteString("sessionKey"u8, e.SessionKey);
        writer.WriteString("agentId"u8, e.AgentId);
        writer.WriteNumber("seq"u8, seq);
        writer.WriteString("state"u8, state);
    }

    private static void WriteMessage(Utf8JsonWriter writer, string text, long ts)
    {
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant");
        writer.WriteStartArray("content"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text");
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteNumber("timestamp"u8, ts);
        writer.WriteEndObject();
    }
}

using System.Text.Json;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>The payload of the <c>agent</c> event (gateway-protocol.md §5.1), keys in the observed order per stream.</summary>
internal static class AgentEventPayloads
{
    public static byte[] Write(AgentEvent e) => SocketFrames.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("runId"u8, e.RunId);
        if (e.Data is LifecycleStarted or LifecycleEnded or LifecycleFailed)
        {
            // Lifecycle events carry the session first (observed).
            writer.WriteString("sessionKey"u8, e.SessionKey);
            if (e.SessionId is { } sessionId)
            {
                writer.WriteString("sessionId"u8, sessionId);
            }

            writer.WriteString("agentId"u8, e.AgentId);
            writer.WriteString("stream"u8, e.Stream);
            WriteData(writer, e.Data);
        }
        else
        {
            writer.WriteString("stream"u8, e.Stream);
            WriteData(writer, e.Data);
            writer.WriteString("sessionKey"u8, e.SessionKey);
            writer.WriteString("agentId"u8, e.AgentId);
        }

        writer.WriteNumber("seq"u8, e.Seq);
        writer.WriteNumber("ts"u8, e.Ts);
        writer.WriteEndObject();
    });

    private static void WriteData(Utf8JsonWriter writer, AgentEventData data)
    {
        writer.WriteStartObject("data"u8);
        switch (data)
        {
            case LifecycleStarted started:
                writer.WriteString("phase"u8, "start");
                writer.WriteNumber("startedAt"u8, started.StartedAt);
                break;
            case LifecycleEnded ended:
                writer.WriteString("phase"u8, "end");
                writer.WriteNumber("startedAt"u8, ended.StartedAt);
                writer.WriteNumber("endedAt"u8, ended.EndedAt);
                writer.WriteBoolean("aborted"u8, ended.Aborted);
                writer.WriteString("stopReason"u8, ended.StopReason);
                break;
            case LifecycleFailed failed:
                writer.WriteString("phase"u8, "error");
                writer.WriteNumber("startedAt"u8, failed.StartedAt);
                writer.WriteNumber("endedAt"u8, failed.EndedAt);
                writer.WriteString("error"u8, failed.Error);
                break;
            case AssistantDelta delta:
                writer.WriteString("text"u8, delta.Text);
                writer.WriteString("delta"u8, delta.Delta);
                break;
            case ToolStarted tool:
                writer.WriteString("phase"u8, "start");
                writer.WriteString("name"u8, tool.Name);
                writer.WriteString("toolCallId"u8, tool.ToolCallId);
                writer.WritePropertyName("args"u8);
                WriteArguments(writer, tool.ArgumentsJson);
                break;
            case ToolFinished tool:
                writer.WriteString("phase"u8, "result");
                writer.WriteString("name"u8, tool.Name);
                writer.WriteString("toolCallId"u8, tool.ToolCallId);
                writer.WriteBoolean("isError"u8, tool.IsError);
                if (tool.Verbose == "full")
                {
                    writer.WriteString("result"u8, tool.Result);
                }

                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>The model's arguments as JSON when they parse as an object; otherwise the raw text.</summary>
    private static void WriteArguments(Utf8JsonWriter writer, string argumentsJson)
    {
        if (!ProviderToolCalls.TryWriteArgumentsObject(writer, argumentsJson))
        {
            writer.WriteStringValue(argumentsJson);
        }
    }
}

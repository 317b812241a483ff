using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenClaw.Gateway.Health;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Http;

/// <summary>Source-generated JSON for every body the gateway writes (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAiErrorEnvelope))]
[JsonSerializable(typeof(GatewayErrorEnvelope))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(OpenResponses.ResponseObject))]
[JsonSerializable(typeof(OpenResponses.ResponseMessageItem))]
[JsonSerializable(typeof(OpenResponses.FunctionCallItem))]
[JsonSerializable(typeof(OpenResponses.ResponseLifecycleEvent))]
[JsonSerializable(typeof(OpenResponses.ResponseOutputItemEvent))]
[JsonSerializable(typeof(OpenResponses.ResponseContentPartEvent))]
[JsonSerializable(typeof(OpenResponses.ResponseTextDeltaEvent))]
[JsonSerializable(typeof(OpenResponses.ResponseTextDoneEvent))]
[JsonSerializable(typeof(OpenResponses.AgentToolStartedEvent))]
[JsonSerializable(typeof(OpenResponses.AgentToolCompletedEvent))]
[JsonSerializable(typeof(OpenResponses.AgentReasoningDeltaEvent))]
[JsonSerializable(typeof(ModelObject))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(StartupResponse))]
[JsonSerializable(typeof(Tools.ToolInvokeResponse))]
[JsonSerializable(typeof(Sessions.SessionHistoryPage))]
[JsonSerializable(typeof(Sessions.SessionHistoryMessageEvent))]
[JsonSerializable(typeof(Sessions.SessionKillResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;

internal static class GatewayJson
{
    /// <summary>Non-ASCII (emoji included) and HTML-sensitive characters stay literal, as the original writes them (http-api.md §2.2).</summary>
    public static readonly JavaScriptEncoder Encoder = MinimalJsonEncoder.Instance;

    public static GatewayJsonContext Context { get; } = new(new JsonSerializerOptions(GatewayJsonContext.Default.Options) { Encoder = Encoder });
}

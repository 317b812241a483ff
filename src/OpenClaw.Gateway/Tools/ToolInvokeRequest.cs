using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The body of <c>POST /tools/invoke</c> (http-api.md §8.2), read leniently as the original reads it: unknown keys are
/// ignored, a body that is not an object has no fields, and a field of the wrong type counts as absent.
/// </summary>
internal sealed record ToolInvokeRequest(string? Name, JsonElement Args, string? Action, string SessionKey, string? AgentId, string? IdempotencyKey)
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    public static ToolInvokeRequest From(JsonElement body)
    {
        var fields = body.ValueKind == JsonValueKind.Object ? body : default;

        // `name` wins unless absent or null; a `name` of another type then leaves the request without a name.
        var name = Field(fields, "name") is { ValueKind: not JsonValueKind.Null } named
            ? StringOf(named)
            : Field(fields, "tool") is { } tool ? StringOf(tool) : null;
        var args = Field(fields, "args") is { ValueKind: JsonValueKind.Object } given ? given.Clone() : EmptyObject;
        var sessionKey = Trimmed(fields, "sessionKey");
        return new ToolInvokeRequest(
            name?.Trim(),
            args,
            Trimmed(fields, "action"),
            string.IsNullOrEmpty(sessionKey) ? "main" : sessionKey,
            // A blank agentId is no agentId, as on the original; a given one is kept as sent for the error message.
            Field(fields, "agentId") is { } agentId && StringOf(agentId) is { } sent && sent.Trim().Length > 0 ? sent : null,
            Trimmed(fields, "idempotencyKey") is { Length: > 0 } key ? key : null);
    }

    /// <summary>
    /// The arguments the tool gets: <c>action</c> is copied into them only when they have none and the tool's
    /// parameter schema declares one.
    /// </summary>
    public JsonElement ArgumentsFor(JsonElement parametersSchema)
    {
        if (Action is not { } action || Args.TryGetProperty("action", out _)
            || parametersSchema.ValueKind != JsonValueKind.Object
            || !parametersSchema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("action", out _))
        {
            return Args;
        }

        var merged = JsonObject.Create(Args)!;
        merged["action"] = action;
        return JsonElement.Parse(merged.ToJsonString());
    }

    private static JsonElement? Field(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Read leniently, as the original's parser does: text that is not well-formed (a lone surrogate) becomes U+FFFD.</summary>
    private static string? StringOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? JsonText.GetLenientString(value) : null;

    private static string? Trimmed(JsonElement fields, string name) => Field(fields, name) is { } value ? StringOf(value)?.Trim() : null;
}

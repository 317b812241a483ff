using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>One entry of <c>GET /v1/models</c>: an agent target, not a backend model (http-api.md §5).</summary>
internal sealed record ModelObject([property: JsonPropertyName("id")] string Id)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    [JsonPropertyName("created")]
    public long Created => 0;

    [JsonPropertyName("owned_by")]
    public string OwnedBy => "openclaw";

    [JsonPropertyName("permission")]
    public IReadOnlyList<string> Permission => [];
}

internal sealed record ModelList([property: JsonPropertyName("data"), JsonPropertyOrder(1)] IReadOnlyList<ModelObject> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}

using System.Text.Json;

namespace OpenClaw.Gateway.OpenResponses.Media;

internal enum ResponseMediaKind
{
    Image,
    File,
}

/// <summary>One <c>input_image</c> / <c>input_file</c> part; <paramref name="Source"/> is its schema-validated <c>source</c> object.</summary>
internal sealed record ResponseMediaPart(ResponseMediaKind Kind, JsonElement Source);

using System.Text.Json;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// One <c>input_image</c> / <c>input_file</c> part; <paramref name="Source"/> is the part's <c>source</c> object,
/// already schema-validated by the caller: <c>{"type":"url","url":&lt;absolute URL&gt;}</c> or
/// <c>{"type":"base64","media_type":…,"data":&lt;non-empty&gt;,"filename"?:…}</c> (extra keys are ignored).
/// </summary>
internal sealed record ResponseMediaPart(ResponseMediaKind Kind, JsonElement Source);

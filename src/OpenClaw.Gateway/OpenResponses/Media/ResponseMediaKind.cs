namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>Which content part a <see cref="ResponseMediaPart"/> came from.</summary>
internal enum ResponseMediaKind
{
    /// <summary>An <c>input_image</c> part.</summary>
    Image,

    /// <summary>An <c>input_file</c> part.</summary>
    File,
}

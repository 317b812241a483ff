using OpenClaw.Core.Images;

namespace OpenClaw.Gateway.Inputs;

/// <summary>
/// The type of an image input as its bytes say (the declared type is never trusted), and whether the operator's
/// allow-list (<c>images.allowedMimes</c>) admits it.
/// </summary>
internal readonly record struct SniffedImage(string? Mime, bool Allowed)
{
    /// <summary>The bytes are a recognized image format (the sniffer also knows PDF).</summary>
    public bool IsImage => Mime is not null && Mime.StartsWith("image/", StringComparison.Ordinal);

    public static SniffedImage Of(ReadOnlySpan<byte> bytes, IReadOnlyList<string> allowedMimes)
    {
        ArgumentNullException.ThrowIfNull(allowedMimes);
        var mime = ImageSniffer.Sniff(bytes);
        return new SniffedImage(mime, mime is not null && allowedMimes.Contains(mime, StringComparer.Ordinal));
    }
}

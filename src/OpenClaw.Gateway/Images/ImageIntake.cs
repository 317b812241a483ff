using OpenClaw.Core.Configuration;
using OpenClaw.Core.Images;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.Images;

/// <summary>
/// The one intake for the images of a request, whether they come as <c>image_url</c> parts over HTTP or as
/// WebSocket attachments (http-api.md §4.6, gateway-protocol.md §6.3): at most 8 images, <c>images.maxBytes</c>
/// each and 20 MiB together, and the type sniffed from the bytes themselves must be in <c>images.allowedMimes</c>.
/// One instance per request keeps the running count and total. Each method returns why an image is refused, or null.
/// </summary>
internal sealed class ImageIntake(ImageInputConfig limits)
{
    public const int MaxImages = 8;
    public const long MaxTotalBytes = 20L * 1024 * 1024;

    private int _count;
    private long _total;

    public ImageInputConfig Limits => limits;

    /// <summary>The most one more image may weigh: its own cap, or what is left of the total.</summary>
    public long NextImageCap => Math.Min(limits.MaxBytes, MaxTotalBytes - _total);

    /// <summary>Base64 text: the size it announces is checked before anything is decoded.</summary>
    public string? AcceptBase64(ReadOnlySpan<byte> payload, out RunImage? image)
    {
        image = null;
        var estimate = Base64Payload.EstimateDecodedLength(payload);
        if (estimate > limits.MaxBytes)
        {
            return $"image of about {estimate} bytes (limit {limits.MaxBytes})";
        }

        if (_total + estimate > MaxTotalBytes)
        {
            return $"images total over {MaxTotalBytes} bytes";
        }

        return Base64Payload.TryDecode(payload) is { } bytes
            ? Accept(bytes, out image)
            : "payload is empty or not valid base64";
    }

    /// <summary>Decoded bytes: the count and size caps, then the sniffed type against the allow-list.</summary>
    public string? Accept(ReadOnlyMemory<byte> bytes, out RunImage? image)
    {
        image = null;
        if (_count >= MaxImages)
        {
            return $"more than {MaxImages} images";
        }

        if (bytes.Length > limits.MaxBytes)
        {
            return $"image of {bytes.Length} bytes (limit {limits.MaxBytes})";
        }

        if (_total + bytes.Length > MaxTotalBytes)
        {
            return $"images total over {MaxTotalBytes} bytes";
        }

        var mime = ImageSniffer.Sniff(bytes.Span);
        if (mime is null || !limits.AllowedMimes.Contains(mime))
        {
            return $"image type {mime ?? "unknown"} is not allowed (allowed: {string.Join(", ", limits.AllowedMimes)})";
        }

        _count++;
        _total += bytes.Length;
        image = new RunImage(mime, bytes);
        return null;
    }
}

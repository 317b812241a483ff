using OpenClaw.Core.Configuration;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Inputs;

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
        var read = Base64Input.Decode(payload, limits.MaxBytes, budget: MaxTotalBytes - _total);
        return read.Fault switch
        {
            Base64Fault.TooLarge => $"image of about {read.Size} bytes (limit {limits.MaxBytes})",
            Base64Fault.OverBudget => $"images total over {MaxTotalBytes} bytes",
            Base64Fault.Invalid => "payload is empty or not valid base64",
            _ => Accept(read.Bytes!, out image),
        };
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

        var sniffed = SniffedImage.Of(bytes.Span, limits.AllowedMimes);
        if (!sniffed.Allowed)
        {
            return $"image type {sniffed.Mime ?? "unknown"} is not allowed (allowed: {string.Join(", ", limits.AllowedMimes)})";
        }

        _count++;
        _total += bytes.Length;
        image = new RunImage(sniffed.Mime!, bytes);
        return null;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.Images;

/// <summary>
/// Turns image URLs from a request into run images (http-api.md §4.6): at most 8, each data URI decoded from the
/// request's own bytes, each remote URL fetched only when <c>images.allowUrl</c> is on, every image vetted by the
/// shared <see cref="ImageIntake"/>. Any failure rejects the whole request; the reason is logged and never sent,
/// the client only learns that an image was invalid.
/// </summary>
internal sealed partial class ImageInputReader(RemoteMediaFetcher fetcher, ILogger<ImageInputReader> logger)
{
    /// <summary>The images in order, or null when any of them is invalid.</summary>
    public async Task<IReadOnlyList<RunImage>?> ReadAsync(IReadOnlyList<JsonElement> urls, ImageInputConfig limits, CancellationToken cancellationToken)
    {
        if (urls.Count == 0)
        {
            return [];
        }

        var refusal = urls.Count > ImageIntake.MaxImages ? $"{urls.Count} image parts (limit {ImageIntake.MaxImages})" : null;
        var images = new RunImage?[urls.Count];
        var remote = new Uri?[urls.Count];
        var intake = new ImageIntake(limits);

        // Inline images first: a bad one rejects the request before any remote fetch is made.
        for (var i = 0; refusal is null && i < urls.Count; i++)
        {
            refusal = ReadInline(urls[i], intake, out images[i], out remote[i]);
        }

        for (var i = 0; refusal is null && i < urls.Count; i++)
        {
            if (remote[i] is not { } url)
            {
                continue;
            }

            var (bytes, fetchRefusal) = await fetcher.FetchAsync(url, limits, intake.NextImageCap, cancellationToken).ConfigureAwait(false);
            refusal = fetchRefusal ?? intake.Accept(bytes, out images[i]);
        }

        if (refusal is not null)
        {
            Log.ImageRejected(logger, refusal);
            return null;
        }

        return images!;
    }

    /// <summary>Decodes a data URI in place; a remote URL is only parsed and left in <paramref name="remote"/>.</summary>
    private static string? ReadInline(JsonElement element, ImageIntake intake, out RunImage? image, out Uri? remote)
    {
        image = null;
        remote = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return "image URL is not a string";
        }

        // Checked first so that unescaping below cannot throw on a lone surrogate.
        if (!JsonText.IsValid(element))
        {
            return $"image URL is not valid text ({JsonText.Fault})";
        }

        using var text = JsonUtf8.Of(element);
        var url = Trim(text.Span);
        if (url.IsEmpty)
        {
            return "image_url part is missing a URL";
        }

        if (url.Length < 5 || !Ascii.EqualsIgnoreCase(url[..5], "data:"u8))
        {
            return ParseRemote(url, intake.Limits, out remote);
        }

        return ReadDataUri(url[5..], intake, out image);
    }

    private static string? ParseRemote(ReadOnlySpan<byte> url, ImageInputConfig limits, out Uri? remote)
    {
        remote = null;
        if (!limits.AllowUrl)
        {
            return "remote image URLs are disabled (images.allowUrl)";
        }

        if (!Uri.TryCreate(Encoding.UTF8.GetString(url), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            return "image URL is neither a data URI nor an http(s) URL";
        }

        remote = parsed;
        return null;
    }

    /// <summary><c>^data:([^,]*?),(.*)$</c>: metadata up to the first comma, with a <c>base64</c> flag; then the payload.</summary>
    private static string? ReadDataUri(ReadOnlySpan<byte> afterScheme, ImageIntake intake, out RunImage? image)
    {
        image = null;
        var comma = afterScheme.IndexOf((byte)',');
        if (comma < 0)
        {
            return "data URI without a comma";
        }

        if (!HasBase64Flag(afterScheme[..comma]))
        {
            return "data URI is not base64 encoded";
        }

        return intake.AcceptBase64(afterScheme[(comma + 1)..], out image);
    }

    private static bool HasBase64Flag(ReadOnlySpan<byte> metadata)
    {
        foreach (var range in metadata.Split((byte)';'))
        {
            if (Ascii.EqualsIgnoreCase(metadata[range].Trim(" \t\r\n\f\v"u8), "base64"u8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Leading and trailing white space, as JavaScript's <c>trim()</c> sees it.</summary>
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        while (Rune.DecodeFromUtf8(text, out var rune, out var length) == OperationStatus.Done && IsSpace(rune))
        {
            text = text[length..];
        }

        while (Rune.DecodeLastFromUtf8(text, out var rune, out var length) == OperationStatus.Done && IsSpace(rune))
        {
            text = text[..^length];
        }

        return text;
    }

    private static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune) || rune.Value == 0xFEFF;

    private static partial class Log
    {
        [LoggerMessage(EventId = 7102, EventName = "ImageRejected", Level = LogLevel.Information, Message = "image input rejected: {Reason}")]
        public static partial void ImageRejected(ILogger logger, string reason);
    }
}

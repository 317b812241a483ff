using System.Text.Json;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// Reads the <c>input_image</c> and <c>input_file</c> parts of a <c>/v1/responses</c> request (http-api.md §6.5):
/// the URL-source count first, then each part of the active user message in order, base64 decoded or fetched through
/// the SSRF-guarded <see cref="RemoteMediaFetcher"/>, checked against the limits of its kind. Images become run images;
/// files become <c>&lt;file&gt;</c> blocks of untrusted text. Any failure rejects the request; the reason is logged,
/// never sent. A cancelled token aborts a fetch in progress and throws.
/// </summary>
internal sealed partial class ResponseMediaReader(RemoteMediaFetcher fetcher, ILogger<ResponseMediaReader> logger)
{
    private const string DefaultFileName = "file";

    /// <summary>
    /// The images and file blocks, or null when any part is refused. <paramref name="urlSourceCount"/> counts the
    /// URL-sourced image and file parts of every message item of the request, fetched or not.
    /// </summary>
    public async Task<ResponseMedia?> ReadAsync(int urlSourceCount, IReadOnlyList<ResponseMediaPart> activeParts, ResponsesEndpointConfig config, CancellationToken cancellationToken)
    {
        var maxUrlParts = config.MaxUrlParts >= 0 ? config.MaxUrlParts : ResponsesEndpointConfig.DefaultMaxUrlParts;
        if (urlSourceCount > maxUrlParts)
        {
            return Refuse($"Too many URL-based input sources: {urlSourceCount} (limit: {maxUrlParts})");
        }

        var images = new List<RunImage>();
        var blocks = new List<string>();
        foreach (var part in activeParts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var refusal = part.Kind == ResponseMediaKind.Image
                ? await ReadImageAsync(part.Source, config.Images, images, cancellationToken).ConfigureAwait(false)
                : await ReadFileAsync(part.Source, config.Files, blocks, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return Refuse(refusal);
            }
        }

        return new ResponseMedia(images, blocks);
    }

    private async Task<string?> ReadImageAsync(JsonElement source, ImageInputConfig limits, List<RunImage> images, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync("input_image", source, limits, cancellationToken).ConfigureAwait(false);
        if (loaded.Refusal is not null)
        {
            return loaded.Refusal;
        }

        // The bytes decide: the declared type only has to agree that this is an image, and a sniffed image type
        // wins over it. HEIC and HEIF pass through unchanged ([extension]: no managed HEIC codec to convert them).
        var sniffed = SniffedImage.Of(loaded.Bytes.Span, limits.AllowedMimes);
        if (!sniffed.IsImage)
        {
            return $"input_image bytes are {sniffed.Mime ?? "not a recognized image"} (declared {loaded.Declared?.Mime ?? "no type"})";
        }

        if (!sniffed.Allowed)
        {
            return $"Unsupported image MIME type: {sniffed.Mime}";
        }

        images.Add(new RunImage(sniffed.Mime!, loaded.Bytes));
        return null;
    }

    private async Task<string?> ReadFileAsync(JsonElement source, FileInputConfig limits, List<string> blocks, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync("input_file", source, limits, cancellationToken).ConfigureAwait(false);
        if (loaded.Refusal is not null)
        {
            return loaded.Refusal;
        }

        var (mime, encoding, refusal) = FileContentSniffer.Resolve(loaded.Bytes.Span, loaded.Declared);
        if (refusal is not null)
        {
            return $"input_file {refusal}";
        }

        if (!limits.AllowedMimes.Contains(mime!, StringComparer.Ordinal))
        {
            return $"Unsupported file MIME type: {mime}";
        }

        string text;
        if (mime == FileContentSniffer.Pdf)
        {
            var (pdfText, pdfRefusal) = await ExtractPdfAsync(loaded.Bytes, limits, cancellationToken).ConfigureAwait(false);
            if (pdfRefusal is not null)
            {
                return pdfRefusal;
            }

            // Too little text would have its pages rendered to images; rendering is absent, so no text at all.
            text = pdfText!.Trim().Length >= limits.Pdf.MinTextChars ? pdfText : "";
        }
        else
        {
            text = TextFileDecoder.Decode(loaded.Bytes.Span, encoding!, limits.MaxChars);
        }

        blocks.Add(FileBlock.Render(loaded.FileName, text));
        return null;
    }

    /// <summary>PDF text within <c>files.timeoutMs</c>, on the thread pool so that the wait can end at the deadline.</summary>
    private static async Task<(string? Text, string? Refusal)> ExtractPdfAsync(ReadOnlyMemory<byte> bytes, FileInputConfig limits, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.TimeoutMs);
        try
        {
            var text = await Task.Run(() => PdfTextExtractor.Extract(bytes, limits.MaxChars, deadline.Token), deadline.Token)
                .WaitAsync(deadline.Token).ConfigureAwait(false);
            return (text, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"PDF extraction timed out after {limits.TimeoutMs}ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // PdfPig throws its own exception types for damaged, encrypted or unsupported documents.
            return (null, $"PDF could not be read: {ex.Message}");
        }
    }

    /// <summary>The part's bytes, declared type and file name, from base64 or from its URL.</summary>
    private async Task<Loaded> LoadAsync(string kind, JsonElement source, IRemoteInputLimits limits, CancellationToken cancellationToken)
    {
        if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty("type"u8, out var typeElement) || !JsonText.TryGetString(typeElement, out var type))
        {
            return Loaded.Refused($"{kind} source has no type");
        }

        if (type == "base64")
        {
            return LoadBase64(kind, source, limits);
        }

        if (type != "url")
        {
            return Loaded.Refused($"Unsupported {kind} source type: {type}");
        }

        if (!limits.AllowUrl)
        {
            return Loaded.Refused($"{kind} URL sources are disabled by config");
        }

        if (!source.TryGetProperty("url"u8, out var urlElement) || !JsonText.TryGetString(urlElement, out var text) || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            return Loaded.Refused($"{kind} source has no absolute url");
        }

        var fetched = await fetcher.FetchAsync(url, limits, limits.MaxBytes, cancellationToken).ConfigureAwait(false);
        return fetched.Refusal is { } reason
            ? Loaded.Refused($"{kind} URL fetch failed: {reason}")
            : new Loaded(fetched.Bytes, MediaType.Parse(fetched.ContentType), DefaultFileName, null);
    }

    private static Loaded LoadBase64(string kind, JsonElement source, IRemoteInputLimits limits)
    {
        if (!source.TryGetProperty("media_type"u8, out var typeElement) || !JsonText.TryGetString(typeElement, out var declaredText)
            || MediaType.Parse(declaredText) is not { } declared)
        {
            return Loaded.Refused($"{kind} missing media type");
        }

        var fileName = source.TryGetProperty("filename"u8, out var nameElement) && JsonText.TryGetString(nameElement, out var name) && name.Length > 0
            ? name
            : DefaultFileName;
        if (!source.TryGetProperty("data"u8, out var data) || !JsonText.IsValid(data))
        {
            return Loaded.Refused($"{kind} base64 source has invalid 'data' field");
        }

        using var payload = JsonUtf8.Of(data);
        var read = Base64Input.Decode(payload.Span, limits.MaxBytes);
        return read.Fault switch
        {
            Base64Fault.TooLarge => Loaded.Refused($"{kind} too large: {read.Size} bytes (limit: {limits.MaxBytes} bytes)"),
            Base64Fault.Invalid => Loaded.Refused($"{kind} base64 source has invalid 'data' field"),
            _ => new Loaded(read.Bytes!, declared, fileName, null),
        };
    }

    private ResponseMedia? Refuse(string reason)
    {
        Log.RequestParsingFailed(logger, reason);
        return null;
    }

    private readonly record struct Loaded(ReadOnlyMemory<byte> Bytes, MediaType? Declared, string FileName, string? Refusal)
    {
        public static Loaded Refused(string reason) => new(default, null, DefaultFileName, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7103, EventName = "ResponsesMediaRejected", Level = LogLevel.Warning, Message = "openresponses: request parsing failed: {Reason}")]
        public static partial void RequestParsingFailed(ILogger logger, string reason);
    }
}

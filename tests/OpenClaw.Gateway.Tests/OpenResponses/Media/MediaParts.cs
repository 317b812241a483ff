using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.OpenResponses.Media;
using OpenClaw.Gateway.Tests.Support;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace OpenClaw.Gateway.Tests.OpenResponses.Media;

/// <summary>Builds <see cref="ResponseMediaPart"/>s, PDFs and readers for the media reader tests.</summary>
internal static class MediaParts
{
    public static ResponseMediaPart Base64(ResponseMediaKind kind, byte[] data, string mediaType, string? filename = null)
    {
        var source = new JsonObject { ["type"] = "base64", ["media_type"] = mediaType, ["data"] = Convert.ToBase64String(data) };
        if (filename is not null)
        {
            source["filename"] = filename;
        }

        return Part(kind, source.ToJsonString());
    }

    public static ResponseMediaPart Text(string text, string mediaType = "text/plain", string? filename = null) =>
        Base64(ResponseMediaKind.File, Encoding.UTF8.GetBytes(text), mediaType, filename);

    public static ResponseMediaPart Url(ResponseMediaKind kind, string url) =>
        Part(kind, new JsonObject { ["type"] = "url", ["url"] = url }.ToJsonString());

    public static ResponseMediaPart Part(ResponseMediaKind kind, string sourceJson)
    {
        using var document = JsonDocument.Parse(sourceJson);
        return new ResponseMediaPart(kind, document.RootElement.Clone());
    }

    /// <summary>A PDF whose single page holds <paramref name="lines"/>, one per line, in Helvetica.</summary>
    public static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        for (var i = 0; i < lines.Length; i++)
        {
            page.AddText(lines[i], 10, new PdfPoint(40, 800 - (14 * i)), font);
        }

        return builder.Build();
    }

    /// <summary>A reader whose fetcher uses <paramref name="guard"/>, logging into <paramref name="log"/>.</summary>
    public static (ResponseMediaReader Reader, RemoteMediaFetcher Fetcher) Reader(RemoteFetchGuard guard, CapturingLoggerProvider log)
    {
        var factory = LoggerFactory.Create(builder => builder.AddProvider(log));
        var fetcher = new RemoteMediaFetcher(guard, factory.CreateLogger<RemoteMediaFetcher>());
        return (new ResponseMediaReader(fetcher, factory.CreateLogger<ResponseMediaReader>()), fetcher);
    }

    /// <summary>The reasons the reader logged.</summary>
    public static IEnumerable<string> Reasons(this CapturingLoggerProvider log) =>
        log.Entries.Where(e => e.EventId.Name == "ResponsesMediaRejected").Select(e => e.Message);
}

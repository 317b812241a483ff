namespace OpenClaw.Core.Configuration;

/// <summary>What images and files fetched by URL share: the host allowlist and the limits of one fetch.</summary>
public interface IRemoteInputLimits
{
    /// <summary>Remote <c>http(s)</c> URLs are fetched only when true.</summary>
    bool AllowUrl { get; }

    /// <summary>Host names (exact, or <c>*.suffix</c>) remote URLs may point at; empty means any public host.</summary>
    IReadOnlyList<string> UrlAllowlist { get; }

    /// <summary>Normalized (lower case, no parameters) types that are accepted.</summary>
    IReadOnlyList<string> AllowedMimes { get; }

    /// <summary>Cap on one decoded input.</summary>
    long MaxBytes { get; }

    /// <summary>Redirects followed per URL, each checked like the first.</summary>
    int MaxRedirects { get; }

    /// <summary>Deadline for one URL: connection, redirects and body together.</summary>
    int TimeoutMs { get; }
}

/// <summary><c>gateway.http.endpoints.responses</c>: the media limits of <c>POST /v1/responses</c> (http-api.md §6.5).</summary>
public sealed record ResponsesEndpointConfig
{
    public const int DefaultMaxUrlParts = 8;

    private const long MinBodyBytes = 20L * 1024 * 1024;

    /// <summary>URL-sourced image and file parts allowed in one request; 0 refuses every URL source.</summary>
    public int MaxUrlParts { get; init; } = DefaultMaxUrlParts;

    /// <summary><c>input_image</c> limits; unlike chat completions, URLs are fetched by default.</summary>
    public ImageInputConfig Images { get; init; } = new() { AllowUrl = true };

    /// <summary><c>input_file</c> limits.</summary>
    public FileInputConfig Files { get; init; } = new();

    /// <summary>Request body cap: 20 MiB, or twice the larger per-part cap when that is more.</summary>
    public long MaxBodyBytes => Math.Max(MinBodyBytes, Math.Max(SaturatingDouble(Files.MaxBytes), SaturatingDouble(Images.MaxBytes)));

    private static long SaturatingDouble(long value) => value > long.MaxValue / 2 ? long.MaxValue : value * 2;
}

/// <summary>Limits for <c>input_file</c> parts sent inline or by URL (http-api.md §6.5).</summary>
public sealed record FileInputConfig : IRemoteInputLimits
{
    /// <summary>The MIME types accepted when <c>allowedMimes</c> is absent or empty.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedMimes = ["text/plain", "text/markdown", "text/html", "text/csv", "application/json", "application/pdf"];

    public bool AllowUrl { get; init; } = true;

    public IReadOnlyList<string> UrlAllowlist { get; init; } = [];

    public IReadOnlyList<string> AllowedMimes { get; init; } = DefaultAllowedMimes;

    public long MaxBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>UTF-16 code units of text kept per file.</summary>
    public int MaxChars { get; init; } = 60_000;

    public int MaxRedirects { get; init; } = 3;

    /// <summary>Deadline for one URL fetch, and separately for one PDF's text extraction.</summary>
    public int TimeoutMs { get; init; } = 10_000;

    public PdfInputConfig Pdf { get; init; } = new();
}

/// <summary>
/// <c>files.pdf</c>. Pages are not rendered to images (an allowed absence, http-api.md §6.5 step 7): a PDF whose text
/// layer is shorter than <see cref="MinTextChars"/> becomes the <c>[No extractable text]</c> block, and
/// <see cref="MaxPages"/> and <see cref="MaxPixels"/> are validated but unused.
/// </summary>
public sealed record PdfInputConfig
{
    public int MaxPages { get; init; } = 4;

    public long MaxPixels { get; init; } = 4_000_000;

    public int MinTextChars { get; init; } = 200;
}

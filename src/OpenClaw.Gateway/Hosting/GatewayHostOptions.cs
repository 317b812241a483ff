using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Gateway.Hosting;

/// <summary>HTTP host settings (<c>OpenClaw:Http</c> in appsettings.json; never in openclaw.json).</summary>
internal sealed class GatewayHttpOptions
{
    public const string SectionName = "OpenClaw:Http";

    /// <summary>Read timeout for request bodies (http-api.md §2.4: 30 s).</summary>
    [Range(1, 3600)]
    public int BodyReadTimeoutSeconds { get; set; } = 30;

    /// <summary>SSE keep-alive comment interval; 0 (default) sends none, as the original (http-api.md §4.16).</summary>
    [Range(0, 3600)]
    public int SseKeepAliveSeconds { get; set; }

    /// <summary>How long a stopping gateway lets in-flight requests and streams finish.</summary>
    [Range(0, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Answer bytes a streamed completion may hold for a client that reads slower than the model writes; beyond it the
    /// model's stream is paused until the client catches up (1 MiB).
    /// </summary>
    [Range(16 * 1024, 256 * 1024 * 1024)]
    public int MaxStreamBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Request-body bytes held at once across all requests, each until its response is complete; beyond it a large
    /// body is refused with 503 and <c>Retry-After</c> (128 MiB: six 20 MiB requests at once; 0 = no limit).
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxBodyBytesInFlight { get; set; } = 128L * 1024 * 1024;

    /// <summary>
    /// <b>[extension]</b> Whether streams carry the agent's own activity unless the request says otherwise
    /// (<c>x-openclaw-agent-activity</c>): Responses streams get <c>openclaw.*</c> events for its tool calls and
    /// reasoning, chat completion streams <c>delta.reasoning_content</c>. Off: strict clients see the original's frames.
    /// </summary>
    public bool AgentActivity { get; set; }

    /// <summary><c>OpenClaw:Http:Responses</c>: the <c>previous_response_id</c> map.</summary>
    [ValidateObjectMembers]
    public ResponsesHttpOptions Responses { get; set; } = new();

    public TimeSpan BodyReadTimeout => TimeSpan.FromSeconds(BodyReadTimeoutSeconds);

    public TimeSpan SseKeepAlive => TimeSpan.FromSeconds(SseKeepAliveSeconds);
}

/// <summary>How long and how many Responses answers stay continuable by <c>previous_response_id</c> (http-api.md §6.8).</summary>
internal sealed class ResponsesHttpOptions
{
    /// <summary>Minutes an answer can be continued after it was sent (the original's 30).</summary>
    [Range(1, 525_600)]
    public int PreviousResponseTtlMinutes { get; set; } = 30;

    /// <summary>Answers remembered at most; the oldest are forgotten first (the original's 500).</summary>
    [Range(1, 10_000_000)]
    public int PreviousResponseMaxEntries { get; set; } = 500;
}

/// <summary>
/// Which session store the gateway opens (<c>OpenClaw:Storage:Provider</c>, <see cref="SessionStoreSelection"/>); the
/// stores' own settings (<c>SqliteStoreOptions</c>, <c>PostgresStoreOptions</c>) are in the same section.
/// </summary>
internal sealed class GatewayStorageOptions
{
    public const string SectionName = "OpenClaw:Storage";

    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c> (with <c>OpenClaw:Storage:ConnectionString</c>).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "OpenClaw:Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";
}

/// <summary>The host's part of <c>OpenClaw:Tools</c>; the tools' own switches are Core's <c>ToolHostSettings</c> (agent-runtime.md §5.5, §5.7).</summary>
internal sealed class GatewayToolOptions
{
    public const string SectionName = OpenClaw.Core.Tools.ToolHostSettings.SectionName;

    /// <summary>
    /// On Linux, mark the gateway non-dumpable so that <c>exec</c> commands (same user) cannot read its
    /// <c>/proc</c> environment or memory (<see cref="ProcessProtection"/>); off lets a debugger attach.
    /// </summary>
    public bool ProtectProcess { get; set; } = true;
}

/// <summary>
/// The optional request rate limit of the HTTP API (<c>OpenClaw:RateLimit</c>): a token bucket per client address
/// (or per credential); off while <see cref="RequestsPerMinute"/> is 0. Probes are never limited.
/// </summary>
internal sealed class GatewayRateLimitOptions
{
    public const string SectionName = "OpenClaw:RateLimit";

    /// <summary>Sustained API requests per minute each partition may make; 0 (default) turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Requests a partition may make at once after being idle; 0 means <see cref="RequestsPerMinute"/>.</summary>
    [Range(0, 1_000_000)]
    public int Burst { get; set; }

    /// <summary><c>client</c>: the client address (trusted proxies applied; IPv6 by /64). <c>credential</c>: the bearer presented.</summary>
    [RegularExpression("^(client|credential)$", ErrorMessage = "OpenClaw:RateLimit:PartitionBy must be 'client' or 'credential'.")]
    public string PartitionBy { get; set; } = "client";
}

/// <summary>Console logging (<c>OpenClaw:Logging</c>); levels come from the <c>Serilog</c> section.</summary>
internal sealed class GatewayLoggingOptions
{
    public const string SectionName = "OpenClaw:Logging";

    [RegularExpression("^(text|json)$", ErrorMessage = "OpenClaw:Logging:Format must be 'text' or 'json'.")]
    public string Format { get; set; } = "text";

    /// <summary>One line per HTTP request (and per WebSocket connection, when it ends); health probes at Debug.</summary>
    public bool RequestLog { get; set; } = true;
}

[OptionsValidator]
internal sealed partial class GatewayHttpOptionsValidator : IValidateOptions<GatewayHttpOptions>;

[OptionsValidator]
internal sealed partial class GatewayStorageOptionsValidator : IValidateOptions<GatewayStorageOptions>;

[OptionsValidator]
internal sealed partial class GatewayRateLimitOptionsValidator : IValidateOptions<GatewayRateLimitOptions>;

[OptionsValidator]
internal sealed partial class GatewayLoggingOptionsValidator : IValidateOptions<GatewayLoggingOptions>;

using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>The validated <c>openclaw.json</c> (agent-runtime.md §3): the sections this gateway implements.</summary>
public sealed record OpenClawConfig
{
    public GatewayConfig Gateway { get; init; } = new();

    public AgentsConfig Agents { get; init; } = new();

    public ModelsConfig Models { get; init; } = new();

    public ToolsConfig Tools { get; init; } = new();

    public SessionConfig Session { get; init; } = new();

    /// <summary>The file after includes and substitution, for <c>config.get</c>.</summary>
    public JsonObject Raw { get; init; } = [];

    /// <summary>Sections and keys accepted but not implemented.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record GatewayConfig
{
    public string? Mode { get; init; }

    public int? Port { get; init; }

    public string? Bind { get; init; }

    public string? CustomBindHost { get; init; }

    public AuthConfig Auth { get; init; } = new();

    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public HttpEndpointsConfig Http { get; init; } = new();

    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public TlsConfig Tls { get; init; } = new();

    public GatewayToolsConfig Tools { get; init; } = new();
}

/// <summary>
/// <c>gateway.tools</c>: extra policy for <c>POST /tools/invoke</c> (http-api.md §8.4). Names are trimmed,
/// lower-cased and alias-mapped (<c>bash</c> → <c>exec</c>, <c>cron</c> → <c>automations</c>) when bound.
/// </summary>
public sealed record GatewayToolsConfig
{
    /// <summary>Names lifted from the default HTTP deny list.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Names never invocable over HTTP; beats <see cref="Allow"/>.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];
}

/// <summary><c>gateway.tls</c>: HTTPS and WSS on the gateway's one port, with PEM files or a generated self-signed pair.</summary>
public sealed record TlsConfig
{
    public bool Enabled { get; init; }

    /// <summary>Generate a self-signed pair when both files are missing (the original's default: on).</summary>
    public bool AutoGenerate { get; init; } = true;

    public string? CertPath { get; init; }

    public string? KeyPath { get; init; }

    /// <summary>PEM certificates sent after the server certificate (intermediates of its chain).</summary>
    public string? CaPath { get; init; }

    /// <summary>The certificate file: <c>certPath</c> (with <c>~</c>), else <c>&lt;stateDir&gt;/gateway/tls/gateway-cert.pem</c>.</summary>
    public string CertFile(string stateDir) => FileOrDefault(CertPath, stateDir, "gateway-cert.pem");

    /// <summary>The private key file: <c>keyPath</c> (with <c>~</c>), else <c>&lt;stateDir&gt;/gateway/tls/gateway-key.pem</c>.</summary>
    public string KeyFile(string stateDir) => FileOrDefault(KeyPath, stateDir, "gateway-key.pem");

    public string? CaFile() => CaPath is { Length: > 0 } ca ? Path.GetFullPath(OpenClawPaths.ExpandHome(ca)) : null;

    private static string FileOrDefault(string? configured, string stateDir, string name) =>
        Path.GetFullPath(configured is { Length: > 0 } path ? OpenClawPaths.ExpandHome(path) : Path.Combine(stateDir, "gateway", "tls", name));
}

public sealed record AuthConfig
{
    public string? Mode { get; init; }

    public string? Token { get; init; }

    public string? Password { get; init; }

    /// <summary>Null when <c>gateway.auth.rateLimit</c> is absent: then there is no failed-auth limiter.</summary>
    public AuthRateLimitConfig? RateLimit { get; init; }
}

public sealed record AuthRateLimitConfig
{
    public int MaxAttempts { get; init; } = 10;

    public long WindowMs { get; init; } = 60_000;

    public long LockoutMs { get; init; } = 300_000;

    public bool ExemptLoopback { get; init; } = true;
}

public sealed record HttpEndpointsConfig
{
    public bool ChatCompletionsEnabled { get; init; }

    /// <summary><c>gateway.http.endpoints.chatCompletions.images</c>.</summary>
    public ImageInputConfig ChatCompletionsImages { get; init; } = new();

    public bool ResponsesEnabled { get; init; }

    /// <summary><c>gateway.http.endpoints.responses</c> apart from <c>enabled</c>: its media limits.</summary>
    public ResponsesEndpointConfig Responses { get; init; } = new();

    public string? StrictTransportSecurity { get; init; }
}

/// <summary>Limits for images sent inline or by URL (http-api.md §4.6).</summary>
public sealed record ImageInputConfig : IRemoteInputLimits
{
    /// <summary>The MIME types accepted when <c>allowedMimes</c> is absent or empty.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedMimes = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif"];

    /// <summary>Remote <c>http(s)</c> URLs are fetched only when true.</summary>
    public bool AllowUrl { get; init; }

    /// <summary>Host names (exact, or <c>*.suffix</c>) remote URLs may point at; empty means any public host.</summary>
    public IReadOnlyList<string> UrlAllowlist { get; init; } = [];

    /// <summary>Normalized (lower case, no parameters) sniffed types that are accepted.</summary>
    public IReadOnlyList<string> AllowedMimes { get; init; } = DefaultAllowedMimes;

    /// <summary>Cap on one decoded image.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Redirects followed per remote image, each checked like the first URL.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>Deadline for one remote image: connection, redirects and body together.</summary>
    public int TimeoutMs { get; init; } = 10_000;
}

public sealed record AgentsConfig
{
    public AgentDefaultsConfig Defaults { get; init; } = new();

    /// <summary>Configured agents in config order (from <c>agents.list</c> or <c>agents.entries</c>).</summary>
    public IReadOnlyList<AgentConfig> List { get; init; } = [];
}

public sealed record AgentDefaultsConfig
{
    public string? Workspace { get; init; }

    public ModelSelection? Model { get; init; }

    /// <summary>Alias table and, when non-empty, the model allowlist (keys are model refs).</summary>
    public IReadOnlyDictionary<string, ModelAliasConfig> Models { get; init; } = new Dictionary<string, ModelAliasConfig>();

    public int TimeoutSeconds { get; init; } = 600;

    public int MaxConcurrent { get; init; } = 4;

    public int ContextTokens { get; init; } = 200_000;

    /// <summary>The parts of <c>agents.defaults.compaction</c> that size the replayed history.</summary>
    public CompactionConfig Compaction { get; init; } = new();

    public string ThinkingDefault { get; init; } = "off";

    public string VerboseDefault { get; init; } = "off";

    public int BootstrapMaxChars { get; init; } = 20_000;

    public int BootstrapTotalMaxChars { get; init; } = 150_000;

    public bool SkipBootstrap { get; init; }

    public string? UserTimezone { get; init; }

    public string? SystemAgentId { get; init; }
}

/// <summary>
/// <c>agents.defaults.compaction</c> as far as it applies here: history is trimmed to fit, never summarized, so only
/// the reserve keys count (null when not configured).
/// </summary>
public sealed record CompactionConfig
{
    /// <summary><c>reserveTokens</c>: tokens of the context window kept free for the answer.</summary>
    public int? ReserveTokens { get; init; }

    /// <summary><c>reserveTokensFloor</c>: the least reserve, whatever <see cref="ReserveTokens"/> says.</summary>
    public int? ReserveTokensFloor { get; init; }
}

/// <summary>A primary model ref and its fallbacks; null fallbacks mean "inherit".</summary>
public sealed record ModelSelection(string? Primary, IReadOnlyList<string>? Fallbacks);

public sealed record ModelAliasConfig(string? Alias, JsonObject? Params);

public sealed record AgentConfig
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public bool Default { get; init; }

    public string? Workspace { get; init; }

    public ModelSelection? Model { get; init; }

    public ToolPolicyConfig? Tools { get; init; }

    public AgentIdentity? Identity { get; init; }
}

/// <summary>An agent's presentation (<c>agents.entries.&lt;id&gt;.identity</c>).</summary>
public sealed record AgentIdentity(string? Name, string? Emoji, string? Avatar);

public sealed record ModelsConfig
{
    /// <summary><c>merge</c> adds the implicit built-in providers; <c>replace</c> uses the declared ones only.</summary>
    public string Mode { get; init; } = "merge";

    public IReadOnlyList<ProviderConfig> Providers { get; init; } = [];

    /// <summary>The built-in providers added in <c>merge</c> mode; their keys come from the environment.</summary>
    public static IReadOnlyList<ProviderConfig> ImplicitProviders { get; } =
    [
        new() { Id = "openai", Api = "openai-completions", BaseUrl = "https://api.openai.com/v1" },
        new() { Id = "anthropic", Api = "anthropic-messages", BaseUrl = "https://api.anthropic.com" },
        new() { Id = "ollama", Api = "ollama", BaseUrl = "http://127.0.0.1:11434" },
    ];

    /// <summary>Every provider a model ref can name: the declared ones, then in <c>merge</c> mode the implicit ones not declared.</summary>
    public IEnumerable<ProviderConfig> KnownProviders => Mode == "merge"
        ? Providers.Concat(ImplicitProviders.Where(implicitProvider => Providers.All(p => p.Id != implicitProvider.Id)))
        : Providers;
}

public sealed record ProviderConfig
{
    public required string Id { get; init; }

    public required string Api { get; init; }

    public string? BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>timeoutSeconds</c>: how long a model call of this provider may wait for its response headers and between two
    /// streamed chunks (the original's per-provider request timeout); null takes the host defaults.
    /// </summary>
    public int? TimeoutSeconds { get; init; }

    public IReadOnlyList<ModelDefinition> Models { get; init; } = [];
}

public sealed record ModelDefinition
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public bool Reasoning { get; init; }

    public IReadOnlyList<string> Input { get; init; } = ["text"];

    public int ContextWindow { get; init; } = 128_000;

    public int MaxTokens { get; init; } = 8_192;
}

public sealed record ToolPolicyConfig
{
    public string? Profile { get; init; }

    public IReadOnlyList<string> Allow { get; init; } = [];

    public IReadOnlyList<string> Deny { get; init; } = [];
}

public sealed record ToolsConfig
{
    public ToolPolicyConfig Policy { get; init; } = new();

    public int ExecTimeoutSeconds { get; init; } = 120;

    /// <summary>
    /// <c>tools.exec.passEnv</c>: variables of the gateway's environment that <c>exec</c> commands get besides the
    /// built-in allow-list; a name, or a prefix ending in <c>*</c>.
    /// </summary>
    public IReadOnlyList<string> ExecPassEnv { get; init; } = [];
}

public sealed record SessionConfig
{
    public string Scope { get; init; } = "per-sender";

    public string MainKey { get; init; } = "main";

    public ResetPolicyConfig? Reset { get; init; }

    public IReadOnlyDictionary<string, ResetPolicyConfig> ResetByType { get; init; } = new Dictionary<string, ResetPolicyConfig>();

    public IReadOnlyDictionary<string, ResetPolicyConfig> ResetByChannel { get; init; } = new Dictionary<string, ResetPolicyConfig>();

    public IReadOnlyList<string> ResetTriggers { get; init; } = ["/new", "/reset"];

    public int? IdleMinutes { get; init; }
}

public sealed record ResetPolicyConfig(string Mode, int? AtHour, int? IdleMinutes);

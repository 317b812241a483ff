namespace OpenClaw.Core.Configuration;

public static partial class ConfigBinder
{
    private static GatewayConfig BindGateway(ConfigSection section)
    {
        section.CheckKeys(
            strict: false,
            "mode", "port", "bind", "customBindHost", "auth", "trustedProxies", "http", "tools", "controlUi",
            "reload", "remote", "tls", "tailscale", "nodes");
        section.Ignored("tailscale", "nodes");
        var bind = section.OneOf("bind", "loopback", "lan", "custom", "auto", "tailnet");
        if (bind == "tailnet")
        {
            section.Error("bind", "tailnet binding is not supported by this gateway; use loopback, lan or custom");
        }

        var http = section.Section("http");
        var controlUi = section.Section("controlUi");
        return new GatewayConfig
        {
            Mode = section.String("mode"),
            Port = (int?)section.Integer("port", 1, 65_535),
            Bind = bind == "auto" ? "loopback" : bind,
            CustomBindHost = section.String("customBindHost"),
            Auth = section.Section("auth") is { } auth ? BindAuth(auth) : new AuthConfig(),
            TrustedProxies = section.StringList("trustedProxies") ?? [],
            Http = http is null ? new HttpEndpointsConfig() : BindHttp(http),
            AllowedOrigins = controlUi?.StringList("allowedOrigins") ?? [],
            Tls = section.Section("tls") is { } tls ? BindTls(tls) : new TlsConfig(),
            Tools = section.Section("tools") is { } tools ? BindGatewayTools(tools) : new GatewayToolsConfig(),
        };
    }

    private static GatewayToolsConfig BindGatewayTools(ConfigSection section)
    {
        section.CheckKeys(strict: true, "allow", "deny");
        return new GatewayToolsConfig { Allow = ToolNameList(section, "allow"), Deny = ToolNameList(section, "deny") };
    }

    /// <summary>Tool names compared as the original compares them: trimmed, lower-cased, aliases mapped; blanks are errors.</summary>
    private static List<string> ToolNameList(ConfigSection section, string key)
    {
        var names = new List<string>();
        var entries = section.StringList(key) ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Length == 0)
            {
                section.Diagnostics.Errors.Add($"{section.KeyPath(key)}[{i}]: expected a tool name, received an empty string");
                continue;
            }

            names.Add(Tools.ToolNames.Normalize(entries[i]));
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    private static TlsConfig BindTls(ConfigSection section)
    {
        section.CheckKeys(strict: false, "enabled", "autoGenerate", "certPath", "keyPath", "caPath");
        foreach (var key in (string[])["certPath", "keyPath"])
        {
            if (section.String(key) is "")
            {
                section.Error(key, "must not be blank");
            }
        }

        return new TlsConfig
        {
            Enabled = section.Bool("enabled") ?? false,
            AutoGenerate = section.Bool("autoGenerate") ?? true,
            CertPath = section.String("certPath"),
            KeyPath = section.String("keyPath"),
            CaPath = section.String("caPath"),
        };
    }

    private static AuthConfig BindAuth(ConfigSection section)
    {
        section.CheckKeys(strict: true, "mode", "token", "password", "rateLimit", "trustedProxy", "allowTailscale");
        section.Ignored("trustedProxy", "allowTailscale");
        var mode = section.OneOf("mode", "none", "token", "password", "trusted-proxy");
        if (mode == "trusted-proxy")
        {
            section.Error("mode", "trusted-proxy auth is not supported by this gateway yet; use token, password or none");
        }

        AuthRateLimitConfig? rateLimit = null;
        if (section.Section("rateLimit") is { } limiter)
        {
            limiter.CheckKeys(strict: true, "maxAttempts", "windowMs", "lockoutMs", "exemptLoopback");
            var defaults = new AuthRateLimitConfig();
            rateLimit = new AuthRateLimitConfig
            {
                MaxAttempts = (int)(limiter.Integer("maxAttempts", 1, 1_000_000) ?? defaults.MaxAttempts),
                WindowMs = limiter.Integer("windowMs", 1, long.MaxValue) ?? defaults.WindowMs,
                LockoutMs = limiter.Integer("lockoutMs", 1, long.MaxValue) ?? defaults.LockoutMs,
                ExemptLoopback = limiter.Bool("exemptLoopback") ?? defaults.ExemptLoopback,
            };
        }

        return new AuthConfig
        {
            Mode = mode,
            Token = section.String("token"),
            Password = section.String("password", trim: false),
            RateLimit = rateLimit,
        };
    }

    private static HttpEndpointsConfig BindHttp(ConfigSection section)
    {
        section.CheckKeys(strict: false, "endpoints", "securityHeaders");
        var endpoints = section.Section("endpoints");
        endpoints?.CheckKeys(strict: false, "chatCompletions", "responses");
        var chat = endpoints?.Section("chatCompletions");
        chat?.CheckKeys(strict: false, "enabled", "images", "maxBodyBytes");
        var responses = endpoints?.Section("responses");
        responses?.CheckKeys(strict: false, "enabled", "maxUrlParts", "files", "images", "maxBodyBytes");
        var headers = section.Section("securityHeaders");
        headers?.CheckKeys(strict: false, "strictTransportSecurity");
        return new HttpEndpointsConfig
        {
            ChatCompletionsEnabled = chat?.Bool("enabled") ?? false,
            ChatCompletionsImages = chat?.Section("images") is { } images ? BindImageInput(images) : new ImageInputConfig(),
            ResponsesEnabled = responses?.Bool("enabled") ?? false,
            // The original also accepts `false` here to mean "no header".
            StrictTransportSecurity = headers?.Get("strictTransportSecurity") is System.Text.Json.Nodes.JsonValue { } hsts
                && hsts.GetValueKind() == System.Text.Json.JsonValueKind.False
                ? null
                : headers?.String("strictTransportSecurity"),
        };
    }

    private static ImageInputConfig BindImageInput(ConfigSection section)
    {
        section.CheckKeys(strict: true, "allowUrl", "urlAllowlist", "allowedMimes", "maxBytes", "maxRedirects", "timeoutMs");
        var defaults = new ImageInputConfig();
        var mimes = new List<string>();
        var allowedMimes = section.StringList("allowedMimes") ?? [];
        for (var i = 0; i < allowedMimes.Count; i++)
        {
            // As Content-Type values are compared: parameters dropped, case folded.
            var mime = allowedMimes[i].Split(';')[0].Trim().ToLowerInvariant();
            if (mime.IndexOf('/', StringComparison.Ordinal) is <= 0 || mime.EndsWith('/'))
            {
                section.Diagnostics.Errors.Add($"{section.KeyPath("allowedMimes")}[{i}]: expected a MIME type such as image/png, received \"{allowedMimes[i]}\"");
                continue;
            }

            mimes.Add(mime);
        }

        return new ImageInputConfig
        {
            AllowUrl = section.Bool("allowUrl") ?? defaults.AllowUrl,
            UrlAllowlist = [.. (section.StringList("urlAllowlist") ?? []).Select(h => h.ToLowerInvariant().TrimEnd('.')).Where(h => h is not ("" or "*" or "*."))],
            AllowedMimes = mimes.Count > 0 ? mimes.Distinct(StringComparer.Ordinal).ToList() : defaults.AllowedMimes,
            MaxBytes = section.Integer("maxBytes", 1, long.MaxValue) ?? defaults.MaxBytes,
            MaxRedirects = (int)(section.Integer("maxRedirects", 0, 20) ?? defaults.MaxRedirects),
            TimeoutMs = (int)(section.Integer("timeoutMs", 1, int.MaxValue) ?? defaults.TimeoutMs),
        };
    }
}

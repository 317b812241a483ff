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
            ChatCompletionsImages = chat?.Section("images") is { } images ? BindImageInput(images, new ImageInputConfig()) : new ImageInputConfig(),
            ResponsesEnabled = responses?.Bool("enabled") ?? false,
            Responses = responses is null ? new ResponsesEndpointConfig() : BindResponses(responses),
            // The original also accepts `false` here to mean "no header".
            StrictTransportSecurity = headers?.Get("strictTransportSecurity") is System.Text.Json.Nodes.JsonValue { } hsts
                && hsts.GetValueKind() == System.Text.Json.JsonValueKind.False
                ? null
                : headers?.String("strictTransportSecurity"),
        };
    }

    private static ImageInputConfig BindImageInput(ConfigSection section, ImageInputConfig defaults)
    {
        section.CheckKeys(strict: true, "allowUrl", "urlAllowlist", "allowedMimes", "maxBytes", "maxRedirects", "timeoutMs");
        var mimes = BindMimeList(section, "image/png");
        return new ImageInputConfig
        {
            AllowUrl = section.Bool("allowUrl") ?? defaults.AllowUrl,
            UrlAllowlist = BindUrlAllowlist(section),
            AllowedMimes = mimes.Count > 0 ? mimes : defaults.AllowedMimes,
            MaxBytes = section.Integer("maxBytes", 1, long.MaxValue) ?? defaults.MaxBytes,
            MaxRedirects = (int)(section.Integer("maxRedirects", 0, 20) ?? defaults.MaxRedirects),
            TimeoutMs = (int)(section.Integer("timeoutMs", 1, int.MaxValue) ?? defaults.TimeoutMs),
        };
    }

    private static ResponsesEndpointConfig BindResponses(ConfigSection section)
    {
        var defaults = new ResponsesEndpointConfig();
        return new ResponsesEndpointConfig
        {
            MaxUrlParts = BindMaxUrlParts(section),
            Images = section.Section("images") is { } images ? BindImageInput(images, defaults.Images) : defaults.Images,
            Files = section.Section("files") is { } files ? BindFileInput(files) : defaults.Files,
        };
    }

    /// <summary>
    /// As the original: a whole number of zero or more, and any other number (negative, fractional, non-finite) is
    /// the default 8, with a warning; a value that is not a number is an error like any other.
    /// </summary>
    private static int BindMaxUrlParts(ConfigSection section)
    {
        var value = section.Get("maxUrlParts");
        if (value is null)
        {
            return ResponsesEndpointConfig.DefaultMaxUrlParts;
        }

        if (value is not System.Text.Json.Nodes.JsonValue number || number.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            section.TypeError("maxUrlParts", "number", value);
            return ResponsesEndpointConfig.DefaultMaxUrlParts;
        }

        var parts = number.TryGetValue(out long whole) ? whole : number.GetValue<double>();
        if (double.IsFinite(parts) && parts >= 0 && parts % 1 == 0)
        {
            return (int)Math.Min(parts, int.MaxValue);
        }

        section.Diagnostics.Warnings.Add(
            $"{section.KeyPath("maxUrlParts")}: expected a whole number of 0 or more, received {parts.ToString(System.Globalization.CultureInfo.InvariantCulture)}; using {ResponsesEndpointConfig.DefaultMaxUrlParts}");
        return ResponsesEndpointConfig.DefaultMaxUrlParts;
    }

    private static FileInputConfig BindFileInput(ConfigSection section)
    {
        section.CheckKeys(strict: true, "allowUrl", "urlAllowlist", "allowedMimes", "maxBytes", "maxChars", "maxRedirects", "timeoutMs", "pdf");
        var defaults = new FileInputConfig();
        var mimes = BindMimeList(section, "text/plain");
        var pdf = defaults.Pdf;
        if (section.Section("pdf") is { } pdfSection)
        {
            pdfSection.CheckKeys(strict: true, "maxPages", "maxPixels", "minTextChars");
            pdf = new PdfInputConfig
            {
                MaxPages = (int)(pdfSection.Integer("maxPages", 1, 1_000) ?? pdf.MaxPages),
                MaxPixels = pdfSection.Integer("maxPixels", 1, long.MaxValue) ?? pdf.MaxPixels,
                MinTextChars = (int)(pdfSection.Integer("minTextChars", 0, int.MaxValue) ?? pdf.MinTextChars),
            };
        }

        return new FileInputConfig
        {
            AllowUrl = section.Bool("allowUrl") ?? defaults.AllowUrl,
            UrlAllowlist = BindUrlAllowlist(section),
            AllowedMimes = mimes.Count > 0 ? mimes : defaults.AllowedMimes,
            MaxBytes = section.Integer("maxBytes", 1, long.MaxValue) ?? defaults.MaxBytes,
            MaxChars = (int)(section.Integer("maxChars", 1, int.MaxValue) ?? defaults.MaxChars),
            MaxRedirects = (int)(section.Integer("maxRedirects", 0, 20) ?? defaults.MaxRedirects),
            TimeoutMs = (int)(section.Integer("timeoutMs", 1, int.MaxValue) ?? defaults.TimeoutMs),
            Pdf = pdf,
        };
    }

    /// <summary>As Content-Type values are compared: parameters dropped, case folded; empty means the default list.</summary>
    private static List<string> BindMimeList(ConfigSection section, string example)
    {
        var mimes = new List<string>();
        var allowedMimes = section.StringList("allowedMimes") ?? [];
        for (var i = 0; i < allowedMimes.Count; i++)
        {
            var mime = allowedMimes[i].Split(';')[0].Trim().ToLowerInvariant();
            if (mime.IndexOf('/', StringComparison.Ordinal) is <= 0 || mime.EndsWith('/'))
            {
                section.Diagnostics.Errors.Add($"{section.KeyPath("allowedMimes")}[{i}]: expected a MIME type such as {example}, received \"{allowedMimes[i]}\"");
                continue;
            }

            if (!mimes.Contains(mime, StringComparer.Ordinal))
            {
                mimes.Add(mime);
            }
        }

        return mimes;
    }

    private static IReadOnlyList<string> BindUrlAllowlist(ConfigSection section) =>
        [.. (section.StringList("urlAllowlist") ?? []).Select(h => h.ToLowerInvariant().TrimEnd('.')).Where(h => h is not ("" or "*" or "*."))];
}

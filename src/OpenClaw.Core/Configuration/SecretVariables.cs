namespace OpenClaw.Core.Configuration;

/// <summary>The environment variables that carry the gateway's own credentials; no tool is ever given them.</summary>
public static class SecretVariables
{
    /// <summary>The gateway's auth secrets (agent-runtime.md §2.2).</summary>
    public static IReadOnlyList<string> GatewayNames { get; } = ["OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_PASSWORD"];

    /// <summary>Variable names compare as the platform's environment does: case-insensitively only on Windows.</summary>
    public static StringComparer NameComparer { get; } = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Where a provider's key is read from when its <c>apiKey</c> is not set: <c>&lt;PROVIDER&gt;_API_KEY</c>.</summary>
    public static string ApiKeyVariable(string providerId)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        return providerId.ToUpperInvariant().Replace('-', '_') + "_API_KEY";
    }

    /// <summary>
    /// The gateway's secret names, then for each provider a model ref can name its <c>&lt;PROVIDER&gt;_API_KEY</c> and
    /// an <c>apiKey</c> that is a bare variable name (read from that variable). A <c>${VAR}</c> key is substituted
    /// before binding, so its name is unknown here; its value is still known at run time.
    /// </summary>
    public static IReadOnlySet<string> Names(ModelsConfig models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var names = new HashSet<string>(GatewayNames, NameComparer);
        foreach (var provider in models.KnownProviders)
        {
            names.Add(ApiKeyVariable(provider.Id));
            if (provider.ApiKey is { } apiKey && EnvSubstitution.IsVariableName(apiKey))
            {
                names.Add(apiKey);
            }
        }

        return names;
    }
}

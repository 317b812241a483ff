using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tests.Support;

/// <summary>Builds validated configs and snapshots from inline text.</summary>
internal static class TestConfig
{
    /// <summary>Binds a JSON5 object literal.</summary>
    public static OpenClawConfig Bind(string json5) => ConfigBinder.Bind(Json5.Parse(json5)!.AsObject());

    /// <summary>Binds a strict JSON object literal.</summary>
    public static OpenClawConfig BindJson(string json) => ConfigBinder.Bind(JsonNode.Parse(json)!.AsObject());

    /// <summary>The <see cref="ConfigException"/> message binding <paramref name="json5"/> produces.</summary>
    public static string BindError(string json5)
    {
        try
        {
            Bind(json5);
        }
        catch (ConfigException ex)
        {
            return ex.Message;
        }

        throw new InvalidOperationException("Expected the config to be rejected: " + json5);
    }

    public static ConfigSnapshot Snapshot(OpenClawConfig config, string stateDir) =>
        new(config, new OpenClawPaths(stateDir, System.IO.Path.Combine(stateDir, "openclaw.json")), version: 1);
}

using Microsoft.Extensions.Logging;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>A gateway for <c>POST /tools/invoke</c> tests: token auth, no OpenAI endpoints, workspaces without templates, logs kept.</summary>
internal sealed class ToolsInvokeGateway : IAsyncDisposable
{
    public const string Path = "/tools/invoke";

    private ToolsInvokeGateway(KestrelGateway gateway, CapturingLoggerProvider logs)
    {
        Gateway = gateway;
        Logs = logs;
    }

    public KestrelGateway Gateway { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>The single agent's workspace (agent-runtime.md §4.1).</summary>
    public string Workspace => System.IO.Path.Combine(Gateway.StateDir, "workspace");

    /// <summary>
    /// Starts a gateway; <paramref name="gateway"/>, <paramref name="agents"/> and <paramref name="top"/> are JSON5
    /// members added to <c>gateway</c>, <c>agents</c> and the root.
    /// </summary>
    public static async Task<ToolsInvokeGateway> StartAsync(
        string gateway = "", string top = "", string auth = $"mode: 'token', token: '{TestConfigs.Token}'", string agents = "")
    {
        var logs = new CapturingLoggerProvider();
        var config = $$"""
            {
              gateway: { auth: { {{auth}} }, {{gateway}} },
              agents: { defaults: { skipBootstrap: true }, {{agents}} },
              {{top}}
            }
            """;
        // The tool events are Information; the capture gets them, the console (TextWriter.Null) stays quiet.
        var started = await KestrelGateway.StartAsync(
            config,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(logs).AddSingleton(new GatewayLogOutput(TextWriter.Null)));
        return new ToolsInvokeGateway(started, logs);
    }

    public HttpClient CreateClient(string? token = TestConfigs.Token) => Gateway.CreateClient(token);

    public async Task<(int Status, string Body)> InvokeAsync(string body, params (string Name, string Value)[] headers)
    {
        using var client = CreateClient();
        return await InvokeAsync(client, body, headers);
    }

    public static async Task<(int Status, string Body)> InvokeAsync(HttpClient client, string body, params (string Name, string Value)[] headers)
    {
        using var response = await client.PostRawAsync(body, Path, headers);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The messages logged with event <paramref name="eventName"/>.</summary>
    public IEnumerable<string> Logged(string eventName) => Logs.Entries.Where(e => e.EventId.Name == eventName).Select(e => e.Message);

    public ValueTask DisposeAsync() => Gateway.DisposeAsync();
}

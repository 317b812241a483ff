using System.Text.Json;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Support;

/// <summary>A catalog that offers the same tools to every agent.</summary>
internal sealed class TestToolCatalog(params IAgentTool[] tools) : IAgentToolCatalog
{
    public IReadOnlyList<IAgentTool> For(OpenClawConfig config, string agentId) => tools;
}

/// <summary>A scriptable built-in tool that records its calls.</summary>
internal sealed class ScriptedTool(string name, Func<JsonElement, ToolContext, CancellationToken, Task<ToolResult>> run) : IAgentTool
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement;

    public List<(JsonElement Arguments, ToolContext Context)> Calls { get; } = [];

    public string Name => name;

    public string Description => $"test tool {name}";

    public JsonElement ParametersSchema => Schema;

    public static ScriptedTool Returning(string name, string text, bool isError = false) =>
        new(name, (_, _, _) => Task.FromResult(new ToolResult(text, isError)));

    public async Task<ToolResult> ExecuteAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((arguments.Clone(), context));
        }

        return await run(arguments, context, cancellationToken);
    }
}

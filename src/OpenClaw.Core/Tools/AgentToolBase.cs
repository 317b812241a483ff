using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary>
/// Turns every tool-level failure into an error result, so a tool never fails the run (agent-runtime.md §5.7):
/// only the caller's cancellation escapes.
/// </summary>
internal abstract class AgentToolBase : IAgentTool
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract JsonElement ParametersSchema { get; }

    public async Task<ToolResult> ExecuteAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await RunAsync(ToolArguments.From(arguments), context, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolArgumentException ex)
        {
            return Failed($"Invalid arguments for {Name}: {ex.Message}", ToolErrorKind.InvalidArguments);
        }
        catch (ToolFailureException ex)
        {
            return Failed(ex.Message, ex.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or OperationCanceledException)
        {
            return Failed($"{Name} failed: {ex.Message}");
        }
    }

    protected abstract Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken);

    /// <summary>An error result with <paramref name="text"/>.</summary>
    protected static ToolResult Failed(string text, ToolErrorKind kind = ToolErrorKind.Failed) => new(text, IsError: true) { ErrorKind = kind };

    /// <summary>Parses a schema literal once; the element outlives the document.</summary>
    protected static JsonElement ParseSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Runs;

/// <summary>A caller's client tool as offered to the model: a declaration (never invoked here) that keeps its <c>strict</c> flag.</summary>
public sealed class ClientFunctionDeclaration(string name, string? description, JsonElement jsonSchema, bool? strict) : AIFunctionDeclaration
{
    public override string Name => name;

    public override string Description => description ?? "";

    public override JsonElement JsonSchema => jsonSchema;

    /// <summary>Written as the function's <c>strict</c> by the OpenAI-compatible request writer; null: not written.</summary>
    public bool? Strict => strict;
}

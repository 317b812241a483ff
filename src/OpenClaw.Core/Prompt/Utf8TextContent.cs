using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Prompt;

/// <summary>
/// Message text kept as <see cref="PromptText"/> (UTF-8 pieces). The request writers and the transcript write it
/// piece by piece; anything that needs a string (<see cref="PromptTexts.StringOf"/>) builds one.
/// </summary>
public sealed class Utf8TextContent(PromptText text) : AIContent
{
    public PromptText Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    public override string ToString() => Text.ToString();
}

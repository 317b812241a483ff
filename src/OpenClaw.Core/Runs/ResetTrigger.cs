using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;

namespace OpenClaw.Core.Runs;

/// <summary>
/// A message that starts a new session (agent-runtime.md §6.3): exactly one of <c>session.resetTriggers</c>
/// (<c>/new</c>, <c>/reset</c>), or one followed by a space and the text to send; <c>/new &lt;model-ref&gt;</c> also
/// sets the session's model.
/// </summary>
internal sealed record ResetTrigger(string Message, string? ModelOverride)
{
    /// <summary>What the model is asked when the trigger came alone, so the new session opens with a greeting.</summary>
    public const string BareResetPrompt =
        "A new session was started via /new or /reset. Say hi briefly (1-2 sentences) and ask what the user wants to do next.";

    public static ResetTrigger? Match(string message, OpenClawConfig config)
    {
        var trimmed = message.Trim();
        foreach (var trigger in config.Session.ResetTriggers)
        {
            if (trimmed == trigger)
            {
                return new ResetTrigger(BareResetPrompt, null);
            }

            if (trimmed.StartsWith(trigger + " ", StringComparison.Ordinal))
            {
                var rest = trimmed[(trigger.Length + 1)..].TrimStart();
                return trigger == "/new" ? WithModel(rest, config) : new ResetTrigger(rest, null);
            }
        }

        return null;
    }

    /// <summary>A first word that names a model (<c>provider/model</c> or an alias) is the model; the rest is the message.</summary>
    private static ResetTrigger WithModel(string rest, OpenClawConfig config)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? rest : rest[..space];
        if (!ModelResolver.TryNormalize(config, first, out var modelRef) || !ModelResolver.IsAllowed(config, modelRef))
        {
            return new ResetTrigger(rest, null);
        }

        var message = space < 0 ? "" : rest[(space + 1)..].TrimStart();
        return new ResetTrigger(message.Length == 0 ? BareResetPrompt : message, modelRef.ToString());
    }
}

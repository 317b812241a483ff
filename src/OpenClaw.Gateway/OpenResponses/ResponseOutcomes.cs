using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>A response that did not complete: its HTTP status (non-streaming), error and usage (http-api.md §6.11, §6.12).</summary>
internal sealed record ResponseFailure(int Status, ResponseError Error, ResponseUsage Usage, TimeSpan? RetryAfter = null);

/// <summary>The response objects both modes build from a prepared request and its run's result.</summary>
internal static class ResponseOutcomes
{
    /// <summary>A client tool named like a built-in (http-api.md §6.6): a 400 failed response, zero usage.</summary>
    public static readonly ResponseFailure ToolClash =
        new(400, new ResponseError(OpenAiErrorTypes.InvalidRequest, ResponsesTools.InvalidToolConfiguration), ResponseUsage.Zero);

    public static ResponseObject InProgress(PreparedResponse response) =>
        new(response.Run.RunId, response.CreatedAt, "in_progress", response.Request.Model, [], ResponseUsage.Zero);

    public static ResponseObject Failed(PreparedResponse response, ResponseFailure failure) =>
        new(response.Run.RunId, response.CreatedAt, "failed", response.Request.Model, [], failure.Usage, failure.Error);

    public static ResponseObject Completed(PreparedResponse response, IReadOnlyList<object> output, AgentRunResult result) =>
        new(response.Run.RunId, response.CreatedAt, "completed", response.Request.Model, output, ResponseUsageMapper.Map(result));

    /// <summary>
    /// Why the run's answer cannot be given, or null: a run error (a provider failure keeps §4.14's status, type and
    /// message; anything else is a 500 <c>internal error</c>), or an unmet <c>tool_choice</c> (502).
    /// </summary>
    /// <remarks>With an internal error, a stream (<paramref name="streaming"/>) reports the run's usage; a body reports zeros.</remarks>
    public static ResponseFailure? FailureOf(PreparedResponse response, AgentRunResult result, bool streaming)
    {
        if (result.Error is { } error)
        {
            var mapped = RunErrorMapper.Map(error);
            var usage = streaming && ReferenceEquals(mapped, OpenAiFailure.Internal) ? ResponseUsageMapper.Map(result) : ResponseUsage.Zero;
            return new ResponseFailure(mapped.Status, new ResponseError(mapped.Error.Type, mapped.Error.Message), usage, mapped.RetryAfter);
        }

        return response.Tools.Unmet(result.PendingToolCalls) is { } unmet
            ? new ResponseFailure(502, new ResponseError(OpenAiErrorTypes.Api, unmet), ResponseUsageMapper.Map(result))
            : null;
    }

    /// <summary>The assistant text of the answer: payloads joined by a blank line (§6.11), <c>""</c> when it ended on client calls.</summary>
    public static string TextOf(AgentRunResult result) => ChatCompletionText.Of(result);

    /// <summary><c>final_answer</c>, or <c>commentary</c> when the answer ends on client tool calls.</summary>
    public static string PhaseOf(AgentRunResult result) => result.PendingToolCalls.Count > 0 ? "commentary" : "final_answer";

    /// <summary>The message item as a stream opens it: no content yet, no <c>phase</c>.</summary>
    public static ResponseMessageItem OpenMessage(PreparedResponse response) => new(response.MessageId, [], null, "in_progress");

    public static ResponseMessageItem Message(PreparedResponse response, string text, AgentRunResult result) =>
        new(response.MessageId, [new OutputTextPart(text)], PhaseOf(result), "completed");

    /// <summary>One item per pending client call; its <c>call_id</c> is the tool-call id the client answers with.</summary>
    public static FunctionCallItem FunctionCall(PendingToolCall call) => new("call_" + Guid.NewGuid(), call.Id, call.Name, call.ArgumentsJson);
}

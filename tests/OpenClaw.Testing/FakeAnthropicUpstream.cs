using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// An Anthropic Messages server on a real loopback socket (<c>POST /v1/messages</c>, always streamed), the
/// counterpart of <see cref="FakeOpenAiUpstream"/>: tests script its answers and inspect what was sent and whether
/// the client hung up.
/// </summary>
public sealed class FakeAnthropicUpstream : IAsyncDisposable
{
    public const string MessagesPath = "/v1/messages";

    private FakeUpstreamHost<FakeAnthropicResponse> _host = null!;

    private FakeAnthropicUpstream()
    {
    }

    /// <summary>e.g. <c>http://127.0.0.1:54321</c>: a provider's base URL, without <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port => _host.Port;

    /// <summary>Reported in <c>message_start</c> when a request names no model.</summary>
    public string ModelId { get; set; } = "fake-claude";

    /// <summary>Consulted for message requests when the queue is empty; a null result means the echo reply.</summary>
    public Func<RecordedUpstreamRequest, FakeAnthropicResponse?>? Responder { get; set; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> Requests => _host.Requests;

    /// <summary><c>POST /v1/messages</c> requests only.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> MessageRequests => [.. Requests.Where(r => r.Path == MessagesPath)];

    public static async Task<FakeAnthropicUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeAnthropicUpstream();
        fake._host = await FakeUpstreamHost<FakeAnthropicResponse>.StartAsync(
            nameof(FakeAnthropicUpstream), IsMessages, fake.HandleAsync, cancellationToken);
        fake.BaseUrl = new Uri($"http://127.0.0.1:{fake.Port}");
        return fake;
    }

    /// <summary>Queues scripted answers, in order, for the next message requests.</summary>
    public void Enqueue(params FakeAnthropicResponse[] responses)
    {
        foreach (var response in responses)
        {
            _host.Enqueue(response);
        }
    }

    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count, TimeSpan? timeout = null) => _host.WaitForRequestAsync(count, timeout);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static bool IsMessages(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value == MessagesPath;

    private Task HandleAsync(HttpContext context, RecordedUpstreamRequest recorded, FakeAnthropicResponse? queued, CancellationToken shutdown)
    {
        var script = queued ?? (IsMessages(context)
            ? Respond(recorded)
            : FakeAnthropicResponse.Error(404, AnthropicWireFormat.ErrorBody(404, $"fake upstream: no route for {context.Request.Method} {context.Request.Path}")));
        return new FakeExchange(
            context,
            recorded,
            script,
            static status => AnthropicWireFormat.ErrorBody(status, $"fake upstream status {status}"),
            (exchange, ct) => StreamAsync(exchange, script, ct),
            shutdown).RunAsync();
    }

    private async Task<bool> StreamAsync(FakeExchange exchange, FakeAnthropicResponse script, CancellationToken ct)
    {
        var request = exchange.Request;
        var text = script.Chunks ?? FakeEcho.SplitWords(FakeEcho.Reply(request.Json));
        var usage = script.Usage ?? Estimate(request, text, script.ToolCalls);
        await exchange.StartStreamAsync(ct);
        if (!await exchange.SendFramesAsync(AnthropicWireFormat.Events($"msg_fake{request.Sequence}", request.Model ?? ModelId, script, text, usage), ct))
        {
            return false;
        }

        if (script.StreamError is { } error)
        {
            await exchange.SendFrameAsync(AnthropicWireFormat.StreamError(error), ct);
            return await exchange.EndAsync(ct);
        }

        await exchange.SendFrameAsync(AnthropicWireFormat.MessageDelta(script.StopReason ?? (script.ToolCalls.Count > 0 ? "tool_use" : "end_turn"), usage.OutputTokens), ct);
        if (!script.OmitMessageStop)
        {
            await exchange.SendFrameAsync(AnthropicWireFormat.MessageStop(), ct);
        }

        return await exchange.EndAsync(ct);
    }

    private static FakeAnthropicUsage Estimate(RecordedUpstreamRequest request, IReadOnlyList<string> text, IReadOnlyList<FakeToolCall> toolCalls)
    {
        var usage = FakeEcho.EstimateUsage(request.Json, text, toolCalls);
        return new FakeAnthropicUsage(usage.PromptTokens, usage.CompletionTokens);
    }

    private FakeAnthropicResponse Respond(RecordedUpstreamRequest request)
    {
        try
        {
            return Responder?.Invoke(request) ?? FakeAnthropicResponse.Echo();
        }
        catch (Exception ex)
        {
            return FakeAnthropicResponse.Error(500, AnthropicWireFormat.ErrorBody(500, $"fake upstream responder threw: {ex.Message}"));
        }
    }
}

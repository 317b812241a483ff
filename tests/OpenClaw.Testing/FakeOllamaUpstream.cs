using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// A native Ollama server on a real loopback socket (<c>POST /api/chat</c>, streamed as NDJSON), the counterpart of
/// <see cref="FakeOpenAiUpstream"/>: tests script its answers and inspect what was sent and whether the client hung
/// up. Any other route answers Ollama's plain-text 404.
/// </summary>
public sealed class FakeOllamaUpstream : IAsyncDisposable
{
    public const string ChatApiPath = "/api/chat";

    private FakeUpstreamHost<FakeOllamaResponse> _host = null!;

    private FakeOllamaUpstream()
    {
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:54321</c>: a provider's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port => _host.Port;

    /// <summary>Reported in every line when a request names no model.</summary>
    public string ModelId { get; set; } = "fake-model";

    /// <summary>Consulted for chat requests when the queue is empty; a null result means the echo reply.</summary>
    public Func<RecordedUpstreamRequest, FakeOllamaResponse?>? Responder { get; set; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> Requests => _host.Requests;

    /// <summary><c>POST /api/chat</c> requests only.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> ChatRequests => [.. Requests.Where(r => r.Path == ChatApiPath)];

    public static async Task<FakeOllamaUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeOllamaUpstream();
        fake._host = await FakeUpstreamHost<FakeOllamaResponse>.StartAsync(nameof(FakeOllamaUpstream), IsChat, fake.HandleAsync, cancellationToken);
        fake.BaseUrl = new Uri($"http://127.0.0.1:{fake.Port}");
        return fake;
    }

    /// <summary>Queues scripted answers, in order, for the next chat requests.</summary>
    public void Enqueue(params FakeOllamaResponse[] responses)
    {
        foreach (var response in responses)
        {
            _host.Enqueue(response);
        }
    }

    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count, TimeSpan? timeout = null) => _host.WaitForRequestAsync(count, timeout);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static bool IsChat(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value == ChatApiPath;

    private Task HandleAsync(HttpContext context, RecordedUpstreamRequest recorded, FakeOllamaResponse? queued, CancellationToken shutdown)
    {
        var script = queued ?? (IsChat(context)
            ? Respond(recorded)
            : new FakeOllamaResponse { StatusCode = StatusCodes.Status404NotFound, ErrorBody = "404 page not found", ErrorContentType = "text/plain" });
        return new FakeExchange(
            context,
            recorded,
            script,
            static status => OllamaWireFormat.Error($"fake upstream status {status}"),
            (exchange, ct) => StreamAsync(exchange, script, ct),
            shutdown).RunAsync();
    }

    private async Task<bool> StreamAsync(FakeExchange exchange, FakeOllamaResponse script, CancellationToken ct)
    {
        var request = exchange.Request;
        var model = request.Model ?? ModelId;
        var content = script.Content ?? FakeEcho.SplitWords(FakeEcho.Reply(request.Json));
        await exchange.StartStreamAsync(OllamaWireFormat.ContentType, ct);
        var lines = OllamaWireFormat.Deltas(model, script.Thinking, content, script.ToolCalls).Select(line => (line, true));
        if (!await exchange.SendFramesAsync(lines, ct))
        {
            return false;
        }

        if (script.FinalLine is { } final)
        {
            await exchange.SendFrameAsync(OllamaWireFormat.RawLine(final), ct);
        }
        else if (!script.OmitDone)
        {
            var calls = script.ToolCalls.Select(c => new FakeToolCall("", c.Name, c.ArgumentsJson)).ToList();
            var usage = script.Usage ?? FakeEcho.EstimateUsage(request.Json, content, calls);
            await exchange.SendFrameAsync(OllamaWireFormat.DoneLine(model, script.DoneReason ?? "stop", usage), ct);
        }

        return await exchange.EndAsync(ct);
    }

    private FakeOllamaResponse Respond(RecordedUpstreamRequest request)
    {
        try
        {
            return Responder?.Invoke(request) ?? FakeOllamaResponse.Echo();
        }
        catch (Exception ex)
        {
            return FakeOllamaResponse.Error(500, OllamaWireFormat.Error($"fake upstream responder threw: {ex.Message}"));
        }
    }
}

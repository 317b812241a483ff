using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// A native Ollama server on a real loopback socket: <c>POST /api/chat</c> streamed as NDJSON. Scripting and
/// recording are <see cref="FakeUpstreamServer{TScript}"/>'s. Any other route answers Ollama's plain-text 404.
/// </summary>
public sealed class FakeOllamaUpstream : FakeUpstreamServer<FakeOllamaResponse>
{
    public const string ChatApiPath = "/api/chat";

    private FakeOllamaUpstream()
    {
    }

    private protected override string ChatPath => ChatApiPath;

    /// <summary>Starts a fake on an ephemeral loopback port; its base URL is the server root, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public static async Task<FakeOllamaUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeOllamaUpstream();
        await fake.StartServerAsync(cancellationToken);
        return fake;
    }

    private protected override Uri BaseUrlFor(int port) => new($"http://127.0.0.1:{port}");

    private protected override FakeOllamaResponse Echo() => FakeOllamaResponse.Echo();

    private protected override FakeOllamaResponse OtherRoute(string method, string path) =>
        new() { StatusCode = StatusCodes.Status404NotFound, ErrorBody = "404 page not found", ErrorContentType = "text/plain" };

    private protected override FakeOllamaResponse ResponderFailed(Exception ex) =>
        FakeOllamaResponse.Error(StatusCodes.Status500InternalServerError, OllamaWireFormat.Error($"fake upstream responder threw: {ex.Message}"));

    private protected override FakeExchange CreateExchange(HttpContext context, RecordedUpstreamRequest request, FakeOllamaResponse script, CancellationToken shutdown) =>
        new FakeOllamaExchange(context, request, script, ModelId, shutdown);
}

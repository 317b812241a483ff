using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>
/// An OpenAI-compatible model server on a real loopback socket: <c>POST /v1/chat/completions</c> (SSE or JSON) and
/// <c>GET /v1/models</c>. Scripting and recording are <see cref="FakeUpstreamServer{TScript}"/>'s.
/// </summary>
public sealed class FakeOpenAiUpstream : FakeUpstreamServer<FakeUpstreamResponse>
{
    public const string ChatCompletionsPath = "/v1/chat/completions";
    public const string ModelsPath = "/v1/models";

    private FakeOpenAiUpstream()
    {
    }

    private protected override string ChatPath => ChatCompletionsPath;

    /// <summary>Starts a fake on an ephemeral loopback port; its base URL is e.g. <c>http://127.0.0.1:54321/v1</c>.</summary>
    public static async Task<FakeOpenAiUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeOpenAiUpstream();
        await fake.StartServerAsync(cancellationToken);
        return fake;
    }

    private protected override Uri BaseUrlFor(int port) => new($"http://127.0.0.1:{port}/v1");

    private protected override FakeUpstreamResponse Echo() => FakeUpstreamResponse.Echo();

    private protected override FakeUpstreamResponse OtherRoute(string method, string path) =>
        HttpMethods.IsGet(method) && path == ModelsPath ? FakeUpstreamResponse.ModelList(ModelId) : FakeUpstreamResponse.NotFound(method, path);

    private protected override FakeUpstreamResponse ResponderFailed(Exception ex) => FakeUpstreamResponse.ResponderFailed(ex);

    private protected override FakeExchange CreateExchange(HttpContext context, RecordedUpstreamRequest request, FakeUpstreamResponse script, CancellationToken shutdown) =>
        new FakeOpenAiExchange(context, request, script, ModelId, shutdown);
}

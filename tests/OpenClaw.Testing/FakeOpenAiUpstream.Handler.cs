using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>The request side: pick a script, play it.</summary>
public sealed partial class FakeOpenAiUpstream
{
    private static bool IsChat(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value == ChatCompletionsPath;

    private Task HandleAsync(HttpContext context, RecordedUpstreamRequest recorded, FakeUpstreamResponse? queued, CancellationToken shutdown)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var script = queued
            ?? (IsChat(context) ? Respond(recorded)
            : HttpMethods.IsGet(method) && path == ModelsPath ? FakeUpstreamResponse.ModelList(ModelId)
            : FakeUpstreamResponse.NotFound(method, path));
        return new FakeExchange(
            context,
            recorded,
            script,
            static status => OpenAiWireFormat.Error($"fake upstream status {status}", "server_error", code: null),
            (exchange, ct) => OpenAiExchangeBody.PlayAsync(exchange, script, ModelId, ct),
            shutdown).RunAsync();
    }

    private FakeUpstreamResponse Respond(RecordedUpstreamRequest request)
    {
        try
        {
            return Responder?.Invoke(request) ?? FakeUpstreamResponse.Echo();
        }
        catch (Exception ex)
        {
            return FakeUpstreamResponse.ResponderFailed(ex);
        }
    }
}

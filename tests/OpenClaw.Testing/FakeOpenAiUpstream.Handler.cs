using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>The request side: record, pick a script, play it.</summary>
public sealed partial class FakeOpenAiUpstream
{
    private async Task HandleAsync(HttpContext context)
    {
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return;
        }

        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var isChat = HttpMethods.IsPost(method) && path == ChatCompletionsPath;
        RecordedUpstreamRequest recorded;
        FakeUpstreamResponse? script = null;
        lock (_gate)
        {
            // Numbering, recording and dequeuing under one lock keeps the n-th recorded chat
            // request paired with the n-th queued script, however requests race.
            recorded = new RecordedUpstreamRequest(_requests.Count + 1, context.Request, body);
            _requests.Add(recorded);
            if (isChat && _queue.Count > 0)
            {
                script = _queue.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _requests.Count)
                {
                    _waiters[i].Signal.TrySetResult(_requests[_waiters[i].Count - 1]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        script ??= isChat ? Respond(recorded)
            : HttpMethods.IsGet(method) && path == ModelsPath ? FakeUpstreamResponse.ModelList(ModelId)
            : FakeUpstreamResponse.NotFound(method, path);
        await new FakeExchange(context, recorded, script, ModelId, _shutdown.Token).RunAsync();
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

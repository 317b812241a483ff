using Microsoft.AspNetCore.Http;

namespace OpenClaw.Testing;

/// <summary>Plays a <see cref="FakeOllamaResponse"/> as Ollama does: NDJSON lines ending with a <c>done:true</c> line.</summary>
internal sealed class FakeOllamaExchange(
    HttpContext context,
    RecordedUpstreamRequest request,
    FakeOllamaResponse script,
    string defaultModel,
    CancellationToken shutdown) : FakeExchange(context, request, script, shutdown)
{
    protected override string DefaultRawContentType => OllamaWireFormat.ContentType;

    protected override byte[] DefaultErrorBody(int status) => OpenAiWireFormat.Utf8(OllamaWireFormat.Error($"fake upstream status {status}"));

    protected override Task<bool> PlayContentAsync(CancellationToken ct)
    {
        var model = Request.Model ?? defaultModel;
        var content = script.Content ?? FakeEcho.SplitWords(FakeEcho.Reply(Request.Json));
        var deltas = OllamaWireFormat.Deltas(model, script.Thinking, content, script.ToolCalls);
        return StreamAsync(OllamaWireFormat.ContentType, preamble: null, deltas, () => [Trailer(model, content)], ct);
    }

    private ReadOnlyMemory<byte> Trailer(string model, IReadOnlyList<string> content)
    {
        if (script.FinalLine is { } line)
        {
            return OllamaWireFormat.RawLine(line);
        }

        var usage = script.Usage ?? FakeEcho.EstimateUsage(Request.Json, content, script.ToolCalls.Select(c => c.ArgumentsJson));
        return OllamaWireFormat.DoneLine(model, script.DoneReason ?? "stop", usage);
    }
}

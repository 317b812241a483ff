using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Providers.Ollama;

/// <summary>
/// The native <c>ollama</c> adapter: streams <c>POST /api/chat</c> as NDJSON, one JSON object per line, until the
/// <c>done:true</c> line with the finish reason and token counts. Failures are <see cref="ProviderException"/>s
/// classified like the other adapters' (agent-runtime.md §5.6).
/// </summary>
internal sealed class OllamaChatClient(HttpClient httpClient, OllamaEndpoint endpoint, ProviderTimeouts timeouts, TimeProvider? time = null) : StreamingChatClient
{
    /// <summary>A line longer than this without a newline is not NDJSON; stop buffering it.</summary>
    internal const int MaxLineBytes = 16 * 1024 * 1024;

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = ModelOf(messages, options);
        using var timeout = new ProviderDeadline(time ?? TimeProvider.System, cancellationToken);
        using var response = await SendAsync(model, messages, options, timeout, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = PipeReader.Create(stream);
        var lines = new LineState(model);
        try
        {
            var armDeadline = true;
            while (!lines.Done)
            {
                // The deadline runs from the last complete line, so a peer that trickles bytes without ever ending a
                // line still stalls out.
                if (armDeadline)
                {
                    timeout.CancelAfter(timeouts.BetweenChunks);
                }

                var result = await ReadAsync(reader, timeout, cancellationToken).ConfigureAwait(false);
                var consumed = lines.Read(result.Buffer, result.IsCompleted);
                reader.AdvanceTo(consumed, result.Buffer.End);
                armDeadline = lines.LinesRead > 0;
                if (lines.Updates.Count > 0)
                {
                    // The consumer's time with an update is not the upstream's: the clock restarts at the next read.
                    timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                    foreach (var update in lines.Updates)
                    {
                        yield return update;
                    }
                }

                lines.Updates.Clear();
                if (lines.Failure is { } failure)
                {
                    throw failure;
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            // Also disposes the response stream; disposing the response (above) then releases the connection.
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        if (!lines.Done)
        {
            throw ProviderException.Malformed(ProviderMalformed.NoFinish);
        }
    }

    private Task<HttpResponseMessage> SendAsync(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, ProviderDeadline timeout, CancellationToken cancellationToken)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return ProviderHttp.PostJsonAsync(
            httpClient, endpoint, writer => OllamaRequestWriter.Write(writer, model, list, options), ProviderHttp.EstimateBodyBytes(list), timeouts, timeout, cancellationToken);
    }

    private async ValueTask<ReadResult> ReadAsync(PipeReader reader, CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ProviderHttp.IsTransportFailure(ex, cancellationToken))
        {
            throw ProviderHttp.StreamFailure(ex, deadline, timeouts.BetweenChunks);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The caller cancelled and the aborted read surfaced as an I/O error: report it as what it is.
            throw new OperationCanceledException("The model call was cancelled.", ex, cancellationToken);
        }
    }

    /// <summary>Splits buffered bytes into lines and turns each into at most one update.</summary>
    private sealed class LineState(string model)
    {
        private bool _sawToolCalls;

        public List<ChatResponseUpdate> Updates { get; } = [];

        public bool Done { get; private set; }

        /// <summary>Complete lines parsed by the last <see cref="Read"/>.</summary>
        public int LinesRead { get; private set; }

        /// <summary>
        /// A failed line (in-band error, malformed): raised only after the updates of the lines before it, which
        /// arrived in the same read, have been passed on, as if each line had come on its own.
        /// </summary>
        public ProviderException? Failure { get; private set; }

        /// <summary>Parses every complete line (and, at the end of the stream, an unterminated last one); returns how far it got.</summary>
        public SequencePosition Read(ReadOnlySequence<byte> buffer, bool isCompleted)
        {
            LinesRead = 0;
            var sequence = new SequenceReader<byte>(buffer);
            try
            {
                while (!Done && sequence.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                {
                    ReadLine(line);
                }

                if (!Done && isCompleted && !sequence.End)
                {
                    ReadLine(sequence.UnreadSequence);
                    sequence.AdvanceToEnd();
                }
                else if (sequence.Remaining > MaxLineBytes)
                {
                    throw ProviderException.Malformed(ProviderMalformed.Oversized);
                }
            }
            catch (ProviderException ex)
            {
                Failure = ex;
            }

            return sequence.Position;
        }

        private void ReadLine(ReadOnlySequence<byte> line)
        {
            LinesRead++;
            if (line.IsSingleSegment)
            {
                ReadLine(line.FirstSpan);
                return;
            }

            // A line that straddles the pipe's segments is copied once so the parser can slice raw tool arguments.
            var length = (int)line.Length;
            var rented = PayloadBuffers.Rent<byte>(length);
            try
            {
                line.CopyTo(rented);
                ReadLine(rented.AsSpan(0, length));
            }
            finally
            {
                PayloadBuffers.Return(rented);
            }
        }

        private void ReadLine(ReadOnlySpan<byte> line)
        {
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                return;
            }

            OllamaStreamLine parsed;
            try
            {
                parsed = OllamaStreamLine.Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string that is not valid UTF-8.
                throw ProviderException.Malformed(ex is JsonException ? ProviderMalformed.NotJson : ProviderMalformed.InvalidText, ex);
            }

            if (parsed.ErrorMessage is { } error)
            {
                // Same as the OpenAI adapter's in-band error frame: the status was 200, the model failed after it.
                throw ProviderException.InStream(error, parsed.ErrorCode);
            }

            if (ToUpdate(parsed) is { } update)
            {
                Updates.Add(update);
            }
        }

        private ChatResponseUpdate? ToUpdate(OllamaStreamLine line)
        {
            List<AIContent>? contents = null;
            if (line.Thinking is { Length: > 0 } thinking)
            {
                (contents ??= []).Add(new TextReasoningContent(thinking));
            }

            if (line.Content is { Length: > 0 } text)
            {
                (contents ??= []).Add(new TextContent(text));
            }

            foreach (var (name, arguments) in line.ToolCalls ?? [])
            {
                // Ollama sends whole calls without ids; the runtime and the transcript need one per call.
                (contents ??= []).Add(ProviderToolCalls.Create(ProviderToolCalls.NewCallId(), name, arguments));
                _sawToolCalls = true;
            }

            ChatFinishReason? finishReason = null;
            if (line.Done)
            {
                Done = true;
                long input = line.PromptEvalCount ?? 0, output = line.EvalCount ?? 0;
                (contents ??= []).Add(new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output }));
                finishReason = _sawToolCalls ? ChatFinishReason.ToolCalls
                    : line.DoneReason == "length" ? ChatFinishReason.Length
                    : ChatFinishReason.Stop;
            }

            return contents is null ? null : new ChatResponseUpdate(ChatRole.Assistant, contents) { FinishReason = finishReason, ModelId = model };
        }
    }
}

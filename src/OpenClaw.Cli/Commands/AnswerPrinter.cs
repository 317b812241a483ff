using System.Text.Json;
using System.Threading.Channels;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// Prints an agent's answer: streamed delta by delta on a terminal, otherwise each payload text on its own line once
/// the run is done (plus <c>MEDIA:&lt;url&gt;</c> lines), so scripts get whole lines.
/// </summary>
internal sealed class AnswerPrinter(CliContext context, bool stream)
{
    private readonly Channel<string> _deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;
    private bool _streamed;
    private bool _queued;

    /// <summary>Stopped before the first streamed text is written.</summary>
    public Spinner? Spinner { get; set; }

    /// <summary>Called from the event source (any thread); never blocks.</summary>
    public void Delta(string text, bool newMessage)
    {
        if (!stream || text.Length == 0)
        {
            return;
        }

        // A new assistant message is set apart by a blank line, unless nothing was printed yet.
        _deltas.Writer.TryWrite(newMessage && Volatile.Read(ref _queued) ? "\n\n" + text : text);
        Volatile.Write(ref _queued, true);
        _writer ??= WriteAsync();
    }

    /// <summary>Waits until every streamed delta is written and ends the streamed line.</summary>
    public async Task FinishAsync()
    {
        _deltas.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        if (Spinner is not null)
        {
            await Spinner.StopAsync();
        }

        if (_streamed)
        {
            await context.Output.WriteLineAsync();
        }
    }

    /// <summary>The final payload's texts, unless they were streamed already.</summary>
    public async Task PrintPayloadsAsync(JsonElement final)
    {
        if (_streamed || !final.TryGetProperty("result", out var result) || !result.TryGetProperty("payloads", out var payloads))
        {
            return;
        }

        foreach (var payload in payloads.EnumerateArray())
        {
            if (payload.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } value)
            {
                await context.Output.WriteLineAsync(value);
            }

            if (payload.TryGetProperty("mediaUrl", out var media) && media.GetString() is { Length: > 0 } url)
            {
                await context.Output.WriteLineAsync("MEDIA:" + url);
            }
        }
    }

    private async Task WriteAsync()
    {
        await foreach (var text in _deltas.Reader.ReadAllAsync())
        {
            if (!_streamed && Spinner is not null)
            {
                await Spinner.StopAsync();
            }

            _streamed = true;
            await context.Output.WriteAsync(text);
            await context.Output.FlushAsync();
        }
    }
}

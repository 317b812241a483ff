namespace OpenClaw.Cli.Commands;

/// <summary>A one-line progress indicator on stderr while waiting; drawn only on a terminal, erased when stopped.</summary>
internal sealed class Spinner : IAsyncDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _error;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _stopped;

    private Spinner(TextWriter error, string label)
    {
        _error = error;
        _loop = SpinAsync(label);
    }

    /// <summary>A spinner when <paramref name="enabled"/>; otherwise one that does nothing.</summary>
    public static Spinner? Start(bool enabled, TextWriter error, string label) => enabled ? new Spinner(error, label) : null;

    /// <summary>Erases the line; safe to call more than once and from any thread.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        await _error.WriteAsync("\r\u001b[K");
        await _error.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task SpinAsync(string label)
    {
        var frame = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _error.WriteAsync($"\r{Frames[frame++ % Frames.Length]} {label}");
                await _error.FlushAsync();
                await Task.Delay(100, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

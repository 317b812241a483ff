using Microsoft.Extensions.Time.Testing;

namespace OpenClaw.Testing;

/// <summary>Stepping a fake clock until the work under test reacts to it.</summary>
public static class FakeClockSteps
{
    /// <summary>
    /// Moves <paramref name="clock"/> on by <paramref name="step"/> until <paramref name="task"/> ends, at most
    /// <paramref name="maxSteps"/> times, and returns how far it moved. A deadline re-armed from the clock's time may be
    /// armed just after a step; the next step then fires it. Each step waits at most 50 ms for the task: that only
    /// paces the loop, nothing depends on it.
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilDoneAsync(this FakeTimeProvider clock, TimeSpan step, Task task, int maxSteps = 100)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(task);
        var advanced = TimeSpan.Zero;
        for (var steps = 0; steps < maxSteps && !task.IsCompleted; steps++)
        {
            clock.Advance(step);
            advanced += step;
            await Task.WhenAny(task, Task.Delay(50));
        }

        return advanced;
    }
}

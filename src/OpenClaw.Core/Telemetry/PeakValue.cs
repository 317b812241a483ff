namespace OpenClaw.Core.Telemetry;

/// <summary>A high-water mark that many threads raise at once without a lock.</summary>
public static class PeakValue
{
    /// <summary>Sets <paramref name="peak"/> to <paramref name="value"/> when that is higher; a higher value raced in stays.</summary>
    public static void Raise(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

using Microsoft.Extensions.Options;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The request-body bytes the gateway holds at once, across every request (<c>OpenClaw:Http:MaxBodyBytesInFlight</c>).
/// A request keeps its reservation until its response is complete: the text decoded from a body lives as long as
/// its run. Beyond the budget, further large bodies are refused (HTTP 503 with <c>Retry-After</c>) instead of
/// exhausting memory; bodies up to <see cref="AlwaysAdmittedBytes"/> are always admitted, so a flood of big uploads
/// never locks out ordinary requests.
/// </summary>
internal sealed class BodyBudget(IOptions<GatewayHttpOptions> options, MemoryReclaimer reclaimer)
{
    /// <summary>A body this small is never refused.</summary>
    public const long AlwaysAdmittedBytes = 64 * 1024;

    private long _inFlight;

    /// <summary>Bytes reserved by requests in flight.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Limit => options.Value.MaxBodyBytesInFlight;

    /// <summary>Starts an empty reservation for one request; grow it with <see cref="Lease.TryGrow"/>.</summary>
    public Lease Open() => new(this);

    private bool TryAdd(long held, long bytes)
    {
        var limit = Limit;
        while (true)
        {
            var current = Interlocked.Read(ref _inFlight);
            // Nothing else in flight: admitted whatever the limit, or a body larger than the budget would be refused forever.
            if (limit > 0 && current + bytes > limit && held + bytes > AlwaysAdmittedBytes && current > held)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    private void LargeStarted() => reclaimer.LargeStarted();

    private void Release(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _inFlight, -bytes);
        }

        if (bytes >= MemoryReclaimer.LargeBytes)
        {
            reclaimer.LargeEnded();
        }
    }

    /// <summary>One request's share of the budget; disposing it (at the end of the response) gives it back.</summary>
    public sealed class Lease(BodyBudget budget) : IDisposable
    {
        private long _held;

        public long Held => Interlocked.Read(ref _held);

        /// <summary>Reserves <paramref name="bytes"/> more; false when the budget cannot take them.</summary>
        public bool TryGrow(long bytes)
        {
            if (bytes <= 0)
            {
                return true;
            }

            if (!budget.TryAdd(Held, bytes))
            {
                return false;
            }

            var held = Interlocked.Add(ref _held, bytes);
            if (held >= MemoryReclaimer.LargeBytes && held - bytes < MemoryReclaimer.LargeBytes)
            {
                budget.LargeStarted();
            }

            return true;
        }

        public void Dispose() => budget.Release(Interlocked.Exchange(ref _held, 0));
    }
}

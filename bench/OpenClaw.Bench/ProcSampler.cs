using System.Diagnostics;
using System.Globalization;

namespace OpenClaw.Bench;

/// <summary>
/// Samples /proc for the watched processes while the measured window runs: CPU time (utime+stime) at the start and
/// end, VmRSS every <see cref="Interval"/>; plus the whole machine's busy share and the load generator's own CPU.
/// </summary>
internal sealed class ProcSampler(IReadOnlyList<(string Name, int Pid)> processes)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    // USER_HZ: /proc reports CPU times in clock ticks of 1/100 s on Linux (fixed for the user-space ABI).
    private const double TicksPerSecond = 100.0;

    private readonly Watched[] _watched = processes.Select(p => new Watched(p.Name, p.Pid)).ToArray();
    private (long Busy, long Total) _machineStart;
    private (long Busy, long Total) _machineEnd;
    private TimeSpan _clientStart;
    private TimeSpan _clientEnd;

    public void Start()
    {
        foreach (var w in _watched)
        {
            w.CpuStart = ReadCpuTicks(w.Pid);
            w.RssStart = ReadRssKb(w.Pid);
            w.Observe(w.RssStart);
        }

        _machineStart = ReadMachineTicks();
        _clientStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Samples RSS until <paramref name="stop"/> is cancelled.</summary>
    public async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                foreach (var w in _watched)
                {
                    w.Observe(ReadRssKb(w.Pid));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    public void Stop()
    {
        foreach (var w in _watched)
        {
            w.CpuEnd = ReadCpuTicks(w.Pid);
            w.RssEnd = ReadRssKb(w.Pid);
            w.Observe(w.RssEnd);
        }

        _machineEnd = ReadMachineTicks();
        _clientEnd = Process.GetCurrentProcess().TotalProcessorTime;
    }

    public double ClientCpuSeconds => (_clientEnd - _clientStart).TotalSeconds;

    /// <summary>CPU seconds all processes on the machine used during the window (all cores).</summary>
    public double MachineBusySeconds => (_machineEnd.Busy - _machineStart.Busy) / TicksPerSecond;

    public double MachineBusyPercent
    {
        get
        {
            var total = _machineEnd.Total - _machineStart.Total;
            return total <= 0 ? double.NaN : Math.Round(100.0 * (_machineEnd.Busy - _machineStart.Busy) / total, 1);
        }
    }

    public IReadOnlyList<ProcessUsage> Results(long requests) =>
        _watched.Select(w =>
        {
            var cpu = w.CpuStart < 0 || w.CpuEnd < 0 ? double.NaN : (w.CpuEnd - w.CpuStart) / TicksPerSecond;
            return new ProcessUsage(
                w.Name,
                w.Pid,
                cpu,
                requests > 0 ? Math.Round(cpu * 1000.0 / requests, 4) : double.NaN,
                w.RssStart,
                w.RssEnd,
                w.RssPeak,
                w.Samples);
        }).ToList();

    /// <summary>utime + stime of all threads, in clock ticks; -1 if the process is gone.</summary>
    internal static long ReadCpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // fields[0] is field 3 (state); utime = field 14, stime = field 15.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>VmRSS in KiB; -1 if the process is gone.</summary>
    internal static long ReadRssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // gone
        }

        return -1;
    }

    private static (long Busy, long Total) ReadMachineTicks()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var v = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

            // user nice system idle iowait irq softirq steal [guest guest_nice are already in user/nice]
            var total = v.Take(8).Sum();
            var idle = v[3] + v[4];
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private sealed class Watched(string name, int pid)
    {
        public string Name { get; } = name;
        public int Pid { get; } = pid;
        public long CpuStart { get; set; } = -1;
        public long CpuEnd { get; set; } = -1;
        public long RssStart { get; set; } = -1;
        public long RssEnd { get; set; } = -1;
        public long RssPeak { get; private set; } = -1;
        public int Samples { get; private set; }

        public void Observe(long rss)
        {
            if (rss < 0)
            {
                return;
            }

            Samples++;
            RssPeak = Math.Max(RssPeak, rss);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Bench;

/// <summary>The JSON document one <c>run</c> writes (bench/out/&lt;run&gt;/*.json).</summary>
internal sealed record RunResult
{
    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required string Url { get; init; }
    public required bool Stream { get; init; }
    public required int Concurrency { get; init; }
    public required double WarmupSeconds { get; init; }
    public required double DurationSeconds { get; init; }
    public required DateTimeOffset StartedAtUtc { get; init; }

    /// <summary>From the end of the warm-up until the last measured request completed.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Successful requests started after the warm-up.</summary>
    public required long Requests { get; init; }
    public required long Errors { get; init; }
    public required long WarmupRequests { get; init; }
    public required long WarmupErrors { get; init; }
    public required double RequestsPerSecond { get; init; }

    /// <summary>Full request: send until the response body (or SSE stream) has been read completely.</summary>
    public required Distribution LatencyMs { get; init; }

    /// <summary>Until the response headers arrived.</summary>
    public required Distribution HeadersMs { get; init; }

    /// <summary>Streaming only: until the first SSE <c>data:</c> line with a non-empty <c>delta.content</c>.</summary>
    public Distribution? TtftMs { get; init; }

    public required IReadOnlyDictionary<string, long> ErrorKinds { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }
    public required IReadOnlyList<ProcessUsage> Processes { get; init; }

    /// <summary>The load generator's own CPU time during the measured window.</summary>
    public required double ClientCpuSeconds { get; init; }

    /// <summary>Whole-machine CPU busy share (all cores) during the measured window, from /proc/stat.</summary>
    public required double MachineCpuBusyPercent { get; init; }

    /// <summary>
    /// CPU seconds used during the window by everything except the watched processes and the load generator
    /// (other workloads on the machine): a measure of interference.
    /// </summary>
    public required double OtherCpuSeconds { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

internal sealed record Distribution(long Count, double Min, double Mean, double P50, double P90, double P99, double Max)
{
    public static Distribution? From(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return new Distribution(
            values.Count,
            Round(values[0]),
            Round(values.Average()),
            Round(Percentile(values, 50)),
            Round(Percentile(values, 90)),
            Round(Percentile(values, 99)),
            Round(values[^1]));
    }

    public static readonly Distribution Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double Round(double value) => Math.Round(value, 4);
}

/// <summary>CPU and memory of a watched process (<c>--proc name=PID</c>) over the measured window.</summary>
internal sealed record ProcessUsage(
    string Name,
    int Pid,
    double CpuSeconds,
    double CpuMsPerRequest,
    long RssStartKb,
    long RssEndKb,
    long RssPeakKb,
    int RssSamples);

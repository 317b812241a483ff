using System.Globalization;

namespace OpenClaw.Bench;

/// <summary>One RSS reading after the burst.</summary>
internal sealed record IdleSample(double Seconds, long RssKb);

/// <summary>One phase of <c>openclaw-bench memory</c>: RSS before, at its peak and at its end, and the answers' statuses.</summary>
internal sealed record PhaseResult(long RssBeforeKb, long RssPeakKb, long RssEndKb, double Seconds, Dictionary<string, int> Statuses);

/// <summary>Everything <c>openclaw-bench memory</c> measured for one gateway.</summary>
internal sealed record MemoryResult(
    string Name, long BodyBytes, long IdleRssKb, PhaseResult One, PhaseResult Concurrent, PhaseResult Sequential, long RssAfterIdleKb,
    List<IdleSample> AfterBurst)
{
    public string Summary()
    {
        static string Mib(long kb) => (kb / 1024.0).ToString("0", CultureInfo.InvariantCulture);
        static string Codes(PhaseResult p) => string.Join(" ", p.Statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"));
        var bodyMib = BodyBytes / (1024.0 * 1024);
        var oneAdded = (One.RssPeakKb - One.RssBeforeKb) / 1024.0;
        return string.Join('\n',
            $"{Name}: idle {Mib(IdleRssKb)} MiB",
            $"  one request:     peak {Mib(One.RssPeakKb)} MiB, +{oneAdded:0} MiB = {oneAdded / bodyMib:0.0}× the body ({Codes(One)}, {One.Seconds} s)",
            $"  {Concurrent.Statuses.Values.Sum()} concurrent:    peak {Mib(Concurrent.RssPeakKb)} MiB ({Codes(Concurrent)}, {Concurrent.Seconds} s)",
            $"  {Sequential.Statuses.Values.Sum()} sequential:   peak {Mib(Sequential.RssPeakKb)} MiB, after {Mib(Sequential.RssEndKb)} MiB ({Codes(Sequential)}, {Sequential.Seconds} s)",
            $"  {AfterBurst.Count} s later:     {Mib(RssAfterIdleKb)} MiB ({(RssAfterIdleKb - IdleRssKb) / 1024.0:+0;-0} MiB vs idle)");
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(MemoryResult))]
internal sealed partial class MemoryJson : System.Text.Json.Serialization.JsonSerializerContext;

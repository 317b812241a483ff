using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>
/// <c>openclaw-bench memory-report</c>: the JSON results of one <c>bench/memory.sh</c> run (one file per gateway) as
/// the <c>memory</c> section of RESULTS.md, judged against issue 11's targets.
/// </summary>
internal static class MemoryReport
{
    private const double Mib = 1024.0;

    public static int Run(ArgReader args)
    {
        var dir = args.Required("dir");
        var results = args.Required("results");
        var note = args.String("note");
        args.EnsureAllUsed();
        var runs = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize(File.ReadAllText(f), MemoryJson.Default.MemoryResult)!)
            .ToList();
        if (runs.Count == 0)
        {
            throw new UsageException($"no memory results (*.json) in {dir}");
        }

        var section = Render(runs, note);
        var previous = File.Exists(results) ? File.ReadAllText(results) : "";
        File.WriteAllText(results, ReportSections.Put(previous, "memory", section));
        Console.WriteLine(section);
        return 0;
    }

    public static string Render(IReadOnlyList<MemoryResult> runs, string? note)
    {
        var body = runs[0].BodyBytes / (1024.0 * 1024);
        var md = new StringBuilder();
        md.AppendLine("## Memory under big request bodies");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`bench/memory.sh`: chat requests of {body:0.##} MiB (one user message), answered briefly by `bench/sink-upstream.mjs`; the gateway's VmRSS sampled every 50 ms. Phases: one request, {runs[0].Concurrent.Statuses.Values.Sum()} at once, {runs[0].Sequential.Statuses.Values.Sum()} one after another, then {runs[0].AfterBurst.Count} s idle. Gateways measured one after the other in one invocation.");
        if (note is { Length: > 0 })
        {
            md.AppendLine().AppendLine(note);
        }

        md.AppendLine();
        md.AppendLine("| gateway | idle | one request: peak (added, × body) | concurrent: peak (answers) | sequential: peak / after | idle after the burst (vs idle) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            var added = (run.One.RssPeakKb - run.One.RssBeforeKb) / Mib;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Name} | {run.IdleRssKb / Mib:0} MiB | {run.One.RssPeakKb / Mib:0} MiB (+{added:0} MiB, {added / body:0.0}×) | {run.Concurrent.RssPeakKb / Mib:0} MiB ({Codes(run.Concurrent)}) | {run.Sequential.RssPeakKb / Mib:0} / {run.Sequential.RssEndKb / Mib:0} MiB | {run.RssAfterIdleKb / Mib:0} MiB ({(run.RssAfterIdleKb - run.IdleRssKb) / Mib:+0;-0} MiB) |");
        }

        md.AppendLine();
        md.AppendLine("Targets (issue 11, item 2), per gateway:");
        md.AppendLine();
        md.AppendLine("| gateway | one request adds ≤ 4× the body | concurrent peak < 700 MiB | ≤ 64 MiB above idle after the burst |");
        md.AppendLine("|---|---|---|---|");
        foreach (var run in runs)
        {
            var added = (run.One.RssPeakKb - run.One.RssBeforeKb) / Mib;
            var after = (run.RssAfterIdleKb - run.IdleRssKb) / Mib;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Name} | {Verdict(added <= 4 * body)} ({added / body:0.0}×) | {Verdict(run.Concurrent.RssPeakKb / Mib < 700)} ({run.Concurrent.RssPeakKb / Mib:0} MiB) | {Verdict(after <= 64)} ({after:+0;-0} MiB) |");
        }

        return md.ToString();
    }

    private static string Codes(PhaseResult phase) =>
        string.Join(", ", phase.Statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value}× {(kv.Key == "0" ? "failed" : kv.Key)}"));

    private static string Verdict(bool met) => met ? "met" : "**not met**";
}

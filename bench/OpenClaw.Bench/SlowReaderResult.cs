using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>What one gateway did with the slow reader (written as JSON with <c>--out</c>).</summary>
internal sealed class SlowReaderResult
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Label { get; set; } = "";

    public string Gateway { get; set; } = "";

    public int Status { get; set; }

    public int DeltasExpected { get; set; }

    public int DeltasReceived { get; set; }

    /// <summary>The first delta that was not the next one, if any.</summary>
    public string? OutOfOrder { get; set; }

    public bool FinishSeen { get; set; }

    public bool DoneSeen { get; set; }

    /// <summary>The in-band <c>{"error":…}</c> frame, if one came.</summary>
    public string? ErrorFrame { get; set; }

    /// <summary>How the client's read failed (reset, premature end, timeout), if it did.</summary>
    public string? ClientError { get; set; }

    public int UpstreamAttempts { get; set; }

    public int UpstreamChunksAtStallStart { get; set; }

    public int UpstreamChunksAtStallEnd { get; set; }

    public long RssBeforeKb { get; set; }

    public long PeakRssDuringStallKb { get; set; }

    public long RssAfterKb { get; set; }

    public double Seconds { get; set; }

    public int GatewayWarnings { get; set; }

    public bool Completed =>
        Status == 200 && DeltasReceived == DeltasExpected && OutOfOrder is null && FinishSeen && DoneSeen && ErrorFrame is null && ClientError is null;

    public string Summary =>
        $"completed={(Completed ? "yes" : "no")} deltas={DeltasReceived}/{DeltasExpected} done={DoneSeen} error={ErrorFrame ?? ClientError ?? "-"} "
        + $"upstream attempts={UpstreamAttempts} chunks at stall {UpstreamChunksAtStallStart}->{UpstreamChunksAtStallEnd} "
        + $"rss before={RssBeforeKb / 1024} MiB peak in stall={PeakRssDuringStallKb / 1024} MiB in {Seconds:F1} s";
}

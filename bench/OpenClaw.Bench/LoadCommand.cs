using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Bench;

internal sealed record LoadOptions
{
    public required string Name { get; init; }
    public required Uri Url { get; init; }
    public required byte[] Body { get; init; }
    public required IReadOnlyList<(string Name, string Value)> Headers { get; init; }
    public required bool Stream { get; init; }
    public required int Concurrency { get; init; }
    public required double DurationSeconds { get; init; }
    public required double WarmupSeconds { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required IReadOnlyList<(string Name, int Pid)> Processes { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}

/// <summary><c>openclaw-bench run</c>: one closed-loop load run against one target.</summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(ArgReader args)
    {
        var options = Parse(args, out var outPath, out var quiet);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var result = await LoadRunner.RunAsync(options, cancel.Token).ConfigureAwait(false);
        if (!quiet)
        {
            Console.WriteLine(Summary(result));
        }

        if (outPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(result, RunResult.Json) + "\n").ConfigureAwait(false);
        }

        // A run where every request failed is a failed run (run.sh stops); some errors are reported, not fatal.
        return cancel.IsCancellationRequested ? 130 : result.Requests == 0 ? 1 : 0;
    }

    private static LoadOptions Parse(ArgReader args, out string? outPath, out bool quiet)
    {
        var url = args.Required("url");
        var body = args.String("body");
        var bodyFile = args.String("body-file");
        if ((body is null) == (bodyFile is null))
        {
            throw new UsageException("give exactly one of --body or --body-file");
        }

        var bytes = body is not null ? Encoding.UTF8.GetBytes(body) : File.ReadAllBytes(bodyFile!);
        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"the request body is not valid JSON: {ex.Message}");
        }

        var options = new LoadOptions
        {
            Url = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new UsageException($"--url: '{url}' is not an absolute URL"),
            Body = bytes,
            Headers = args.All("header").Select(h => ArgReader.SplitPair(h, ':', "header")).ToList(),
            Stream = args.Flag("stream"),
            Concurrency = args.Int(["concurrency", "c"], 1),
            DurationSeconds = args.Double("duration", 10),
            WarmupSeconds = args.Double("warmup", 3),
            Timeout = TimeSpan.FromSeconds(args.Double("timeout", 30)),
            Processes = args.All("proc").Select(p =>
            {
                var (name, pid) = ArgReader.SplitPair(p, '=', "proc");
                return (name, int.TryParse(pid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new UsageException($"--proc {p}: not a PID"));
            }).ToList(),
            Labels = args.All("label").Select(l => ArgReader.SplitPair(l, '=', "label"))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Name = args.String("name") ?? "run",
        };
        outPath = args.String("out");
        quiet = args.Flag("quiet");
        args.EnsureAllUsed();
        return options.DurationSeconds <= 0 ? throw new UsageException("--duration must be > 0") : options;
    }

    private static string Summary(RunResult r)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"{r.Name}: c={r.Concurrency} {(r.Stream ? "stream" : "json")} {r.Requests} ok / {r.Errors} errors in {r.ElapsedSeconds:F2} s = {r.RequestsPerSecond:F1} req/s");
        sb.AppendLine();
        sb.Append(inv, $"  latency ms  p50 {r.LatencyMs.P50:F3}  p90 {r.LatencyMs.P90:F3}  p99 {r.LatencyMs.P99:F3}  max {r.LatencyMs.Max:F3}");
        if (r.TtftMs is { } t)
        {
            sb.AppendLine();
            sb.Append(inv, $"  ttft ms     p50 {t.P50:F3}  p90 {t.P90:F3}  p99 {t.P99:F3}  max {t.Max:F3}");
        }

        foreach (var p in r.Processes)
        {
            sb.AppendLine();
            sb.Append(inv, $"  {p.Name} (pid {p.Pid}): cpu {p.CpuSeconds:F2} s = {p.CpuMsPerRequest:F3} ms/req, rss peak {p.RssPeakKb / 1024.0:F1} MiB");
        }

        sb.AppendLine();
        sb.Append(inv, $"  client cpu {r.ClientCpuSeconds:F2} s, machine busy {r.MachineCpuBusyPercent:F0} %, other processes {r.OtherCpuSeconds:F2} cpu-s");
        foreach (var (kind, count) in r.ErrorKinds)
        {
            sb.AppendLine();
            sb.Append(inv, $"  error {kind}: {count}");
        }

        foreach (var sample in r.ErrorSamples)
        {
            sb.AppendLine();
            sb.Append(inv, $"    e.g. {sample}");
        }

        return sb.ToString();
    }
}

/// <summary>The workers: each sends requests back to back; only requests started after the warm-up are measured.</summary>
internal static class LoadRunner
{
    private const int MaxErrorSamples = 5;

    public static async Task<RunResult> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        var startedAt = DateTimeOffset.UtcNow;
        var t0 = Stopwatch.GetTimestamp();
        var measureStart = t0 + (long)(options.WarmupSeconds * Stopwatch.Frequency);
        var measureEnd = measureStart + (long)(options.DurationSeconds * Stopwatch.Frequency);

        var sampler = new ProcSampler(options.Processes);
        using var stopSampling = new CancellationTokenSource();
        var samplerTask = Task.Run(
            async () =>
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureStart);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                sampler.Start();
                await sampler.SampleAsync(stopSampling.Token).ConfigureAwait(false);
            },
            cancellationToken);

        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(_ => Task.Run(() => WorkerAsync(client, options, measureStart, measureEnd, cancellationToken), cancellationToken))
            .ToArray();
        WorkerResult[] results;
        try
        {
            results = await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            await stopSampling.CancelAsync().ConfigureAwait(false);
            try
            {
                await samplerTask.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // cancelled during the warm-up
            }
        }

        sampler.Stop();
        var lastEnd = results.Select(r => r.LastEnd).DefaultIfEmpty(0).Max();
        var elapsed = lastEnd > measureStart ? Stopwatch.GetElapsedTime(measureStart, lastEnd).TotalSeconds : options.DurationSeconds;

        var latency = new List<double>();
        var headers = new List<double>();
        var ttft = new List<double>();
        var errorKinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var samples = new List<string>();
        foreach (var r in results)
        {
            latency.AddRange(r.Latency);
            headers.AddRange(r.Headers);
            ttft.AddRange(r.Ttft);
            foreach (var (kind, count) in r.ErrorKinds)
            {
                errorKinds[kind] = errorKinds.GetValueOrDefault(kind) + count;
            }

            samples.AddRange(r.ErrorSamples);
        }

        var requests = latency.Count;
        var processes = sampler.Results(requests);
        return new RunResult
        {
            Name = options.Name,
            Labels = options.Labels,
            Url = options.Url.ToString(),
            Stream = options.Stream,
            Concurrency = options.Concurrency,
            WarmupSeconds = options.WarmupSeconds,
            DurationSeconds = options.DurationSeconds,
            StartedAtUtc = startedAt,
            ElapsedSeconds = Math.Round(elapsed, 4),
            Requests = requests,
            Errors = errorKinds.Values.Sum(),
            WarmupRequests = results.Sum(r => r.WarmupRequests),
            WarmupErrors = results.Sum(r => r.WarmupErrors),
            RequestsPerSecond = Math.Round(requests / elapsed, 2),
            LatencyMs = Distribution.From(latency) ?? Distribution.Empty,
            HeadersMs = Distribution.From(headers) ?? Distribution.Empty,
            TtftMs = options.Stream ? Distribution.From(ttft) ?? Distribution.Empty : null,
            ErrorKinds = errorKinds,
            ErrorSamples = samples.Distinct(StringComparer.Ordinal).Take(MaxErrorSamples).ToList(),
            Processes = processes,
            ClientCpuSeconds = Math.Round(sampler.ClientCpuSeconds, 3),
            MachineCpuBusyPercent = sampler.MachineBusyPercent,
            OtherCpuSeconds = Math.Round(sampler.MachineBusySeconds - sampler.ClientCpuSeconds - processes.Where(p => !double.IsNaN(p.CpuSeconds)).Sum(p => p.CpuSeconds), 2),
        };
    }

    private static async Task<WorkerResult> WorkerAsync(
        HttpClient client, LoadOptions options, long measureStart, long measureEnd, CancellationToken cancellationToken)
    {
        var result = new WorkerResult();
        var reader = new ResponseReader();
        while (!cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureEnd)
            {
                break;
            }

            var outcome = await SendAsync(client, reader, options, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var measured = start >= measureStart;
            if (outcome.ErrorKind is { } kind)
            {
                if (measured)
                {
                    result.ErrorKinds[kind] = result.ErrorKinds.GetValueOrDefault(kind) + 1;
                    if (result.ErrorSamples.Count < MaxErrorSamples)
                    {
                        result.ErrorSamples.Add($"{kind}: {outcome.ErrorDetail}");
                    }
                }
                else
                {
                    result.WarmupErrors++;
                }

                // Failing fast (e.g. connection refused) must not turn into a busy loop that starves the target.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }
            else if (measured)
            {
                result.Latency.Add(Ms(start, outcome.EndAt));
                result.Headers.Add(Ms(start, outcome.HeadersAt));
                if (outcome.FirstTokenAt != 0)
                {
                    result.Ttft.Add(Ms(start, outcome.FirstTokenAt));
                }
            }
            else
            {
                result.WarmupRequests++;
            }

            if (measured)
            {
                result.LastEnd = outcome.EndAt;
            }
        }

        return result;
    }

    private static async Task<Outcome> SendAsync(HttpClient client, ResponseReader reader, LoadOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var content = new ByteArrayContent(options.Body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = content,
            };
            foreach (var (name, value) in options.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    content.Headers.Remove("Content-Type");
                    content.Headers.TryAddWithoutValidation(name, value);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var headersAt = Stopwatch.GetTimestamp();
            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    return await reader.ReadErrorAsync(body, (int)response.StatusCode, timeout.Token).ConfigureAwait(false);
                }

                return options.Stream
                    ? await reader.ReadSseAsync(body, headersAt, timeout.Token).ConfigureAwait(false)
                    : await reader.ReadJsonAsync(body, headersAt, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Failure("timeout", $"no complete response within {options.Timeout.TotalSeconds:F0} s");
        }
        catch (OperationCanceledException)
        {
            return Outcome.Failure("cancelled", null);
        }
        catch (HttpRequestException ex)
        {
            return Outcome.Failure("transport", ex.InnerException?.Message ?? ex.Message);
        }
        catch (IOException ex)
        {
            return Outcome.Failure("transport", ex.Message);
        }
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private sealed class WorkerResult
    {
        public List<double> Latency { get; } = new(8192);
        public List<double> Headers { get; } = new(8192);
        public List<double> Ttft { get; } = [];
        public Dictionary<string, long> ErrorKinds { get; } = new(StringComparer.Ordinal);
        public List<string> ErrorSamples { get; } = [];
        public long WarmupRequests { get; set; }
        public long WarmupErrors { get; set; }
        public long LastEnd { get; set; }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>
/// <c>openclaw-bench memory</c>: what big chat requests cost the gateway in resident memory (issue 11 item 2). Phases:
/// idle (after small warm-up requests), one big request, N concurrent, M sequential, then idle again, sampling the
/// gateway's VmRSS every 50 ms. Prints a summary and writes JSON (--out).
/// </summary>
internal static class MemoryCommand
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(ArgReader args)
    {
        var url = new Uri(args.Required("url"));
        var token = args.String("token");
        var pid = args.Int(["pid"], 0);
        var mib = args.Double("body-mib", 20);
        var concurrent = args.Int(["concurrent"], 8);
        var sequential = args.Int(["sequential"], 30);
        var idleSeconds = args.Double("idle", 60);
        var settle = args.Double("settle", 5);
        var name = args.String("name") ?? "gateway";
        var outFile = args.String("out");
        args.EnsureAllUsed();
        if (pid <= 0)
        {
            throw new UsageException("--pid (the gateway's process id) is required");
        }

        var body = Body((long)(mib * 1024 * 1024));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(10) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var small = Encoding.UTF8.GetBytes("""{"model":"openclaw","messages":[{"role":"user","content":"warm up"}]}""");
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(http, url, small).ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromSeconds(settle)).ConfigureAwait(false);
        var idle = ProcSampler.ReadRssKb(pid);
        Console.Error.WriteLine($"[memory] {name}: idle RSS {idle / 1024} MiB; body {body.Length / (1024.0 * 1024):0.##} MiB");

        var one = await PhaseAsync(pid, () => SendManyAsync(http, url, body, 1, 1)).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(settle)).ConfigureAwait(false);
        var burst = await PhaseAsync(pid, () => SendManyAsync(http, url, body, concurrent, concurrent)).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(settle)).ConfigureAwait(false);
        var series = await PhaseAsync(pid, () => SendManyAsync(http, url, body, sequential, 1)).ConfigureAwait(false);

        // After the burst: how far RSS falls back, sampled for --idle seconds.
        var after = new List<IdleSample>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < idleSeconds)
        {
            after.Add(new IdleSample(Math.Round(clock.Elapsed.TotalSeconds, 1), ProcSampler.ReadRssKb(pid)));
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }

        var final = ProcSampler.ReadRssKb(pid);
        var result = new MemoryResult(name, body.Length, idle, one, burst, series, final, after);
        Console.WriteLine(result.Summary());
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(result, MemoryJson.Default.MemoryResult)).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>A chat request whose whole body is <paramref name="bytes"/> long: one user message of plain words.</summary>
    private static byte[] Body(long bytes)
    {
        var head = "{\"model\":\"openclaw\",\"messages\":[{\"role\":\"user\",\"content\":\""u8.ToArray();
        var tail = "\"}]}"u8.ToArray();
        var text = new byte[bytes - head.Length - tail.Length];
        var words = "lorem ipsum dolor sit amet consectetur adipiscing elit "u8;
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = words[i % words.Length];
        }

        return [.. head, .. text, .. tail];
    }

    private static async Task<PhaseResult> PhaseAsync(int pid, Func<Task<Dictionary<int, int>>> run)
    {
        using var stop = new CancellationTokenSource();
        var before = ProcSampler.ReadRssKb(pid);
        var peak = before;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    peak = Math.Max(peak, ProcSampler.ReadRssKb(pid));
                }
            }
            catch (OperationCanceledException)
            {
                // phase over
            }
        });
        var clock = Stopwatch.StartNew();
        var statuses = await run().ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var end = ProcSampler.ReadRssKb(pid);
        return new PhaseResult(before, Math.Max(peak, end), end, Math.Round(seconds, 2), statuses.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value));
    }

    private static async Task<Dictionary<int, int>> SendManyAsync(HttpClient http, Uri url, byte[] body, int total, int parallel)
    {
        var statuses = new Dictionary<int, int>();
        var next = 0;
        var workers = Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= total)
            {
                var status = await SendAsync(http, url, body).ConfigureAwait(false);
                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return statuses;
    }

    private static async Task<int> SendAsync(HttpClient http, Uri url, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Bench;

/// <summary>
/// <c>openclaw-bench slowreader</c>: one long streamed answer (the <see cref="FloodUpstream"/>'s) through a gateway, to
/// a client that reads its first bytes, stops reading for a while, then reads to the end. Each <c>--gateway
/// label=path/openclaw.dll</c> is started in turn on a fresh state dir, so two builds are compared side by side.
/// </summary>
internal static class SlowReaderCommand
{
    private const string Token = "bench-token-0123456789";

    public static async Task<int> RunAsync(ArgReader args)
    {
        var gateways = args.All("gateway").Select(g => ArgReader.SplitPair(g, '=', "gateway")).ToList();
        var options = new SlowReaderOptions(
            Chunks: args.Int(["chunks"], 40_000),
            ChunkChars: args.Int(["chunk-chars"], 64),
            StallAfterBytes: args.Int(["stall-after-bytes"], 64 * 1024),
            Stall: TimeSpan.FromSeconds(args.Double("stall", 6)),
            ReceiveBufferBytes: args.Int(["receive-buffer"], int.MaxValue),
            Timeout: TimeSpan.FromSeconds(args.Double("timeout", 120)));
        var outPath = args.String("out");
        var resultsPath = args.String("results");
        var note = args.String("note");
        args.EnsureAllUsed();
        if (gateways.Count == 0)
        {
            throw new UsageException("--gateway label=path/to/openclaw.dll is required (repeat it to compare builds)");
        }

        var results = new List<SlowReaderResult>();
        foreach (var (label, dll) in gateways)
        {
            Console.WriteLine($"slowreader: {label} ({dll}): {options.Chunks} chunks of {options.ChunkChars} chars, stall {options.Stall.TotalSeconds} s after {options.StallAfterBytes} bytes");
            var result = await RunOneAsync(label, Path.GetFullPath(dll), options).ConfigureAwait(false);
            Console.WriteLine($"slowreader: {label}: {result.Summary}");
            results.Add(result);
        }

        if (outPath is not null)
        {
            await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(results, SlowReaderResult.Json)).ConfigureAwait(false);
        }

        if (resultsPath is not null)
        {
            var section = SlowReaderReport.Render(results, options, note);
            var existing = File.Exists(resultsPath) ? await File.ReadAllTextAsync(resultsPath).ConfigureAwait(false) : "";
            await File.WriteAllTextAsync(resultsPath, ReportSections.Put(existing, SlowReaderReport.SectionName, section)).ConfigureAwait(false);
            Console.WriteLine($"slowreader: updated {resultsPath}");
        }

        return 0;
    }

    private static async Task<SlowReaderResult> RunOneAsync(string label, string dll, SlowReaderOptions options)
    {
        await using var upstream = new FloodUpstream(options.Chunks, options.ChunkChars);
        upstream.Start();
        var stateDir = Directory.CreateTempSubdirectory("openclaw-slowreader-").FullName;
        var result = new SlowReaderResult { Label = label, Gateway = dll, DeltasExpected = options.Chunks };
        Process? gateway = null;
        StreamWriter? log = null;
        try
        {
            var port = FreePort();
            (gateway, log) = StartGateway(dll, stateDir, port, upstream.Port);
            var baseUri = new Uri($"http://127.0.0.1:{port}");
            await WaitReadyAsync(gateway, baseUri).ConfigureAwait(false);
            result.RssBeforeKb = ProcSampler.ReadRssKb(gateway.Id);
            await ReadSlowlyAsync(baseUri, gateway.Id, upstream, options, result).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not UsageException)
        {
            result.ClientError ??= $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            result.UpstreamAttempts = upstream.Attempts;
            if (gateway is not null)
            {
                gateway.Kill(entireProcessTree: true);
                await gateway.WaitForExitAsync().ConfigureAwait(false);
                lock (log!)
                {
                    log.Dispose();
                }

                result.GatewayWarnings = File.ReadLines(Path.Combine(stateDir, "gateway.log")).Count(l => l.Contains(" WRN]", StringComparison.Ordinal) || l.Contains(" ERR]", StringComparison.Ordinal));
                gateway.Dispose();
            }

            Directory.Delete(stateDir, recursive: true);
        }

        return result;
    }

    private static async Task ReadSlowlyAsync(Uri baseUri, int gatewayPid, FloodUpstream upstream, SlowReaderOptions options, SlowReaderResult result)
    {
        using var client = new HttpClient(Handler(options.ReceiveBufferBytes)) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = new CancellationTokenSource(options.Timeout);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(
                """{"model":"openclaw","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"a long answer, please"}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        result.Status = (int)response.StatusCode;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), Encoding.UTF8);
        var frames = new SseTally(options.ChunkChars, result);
        try
        {
            await frames.ReadAsync(reader, untilBytes: options.StallAfterBytes, deadline.Token).ConfigureAwait(false);

            // The stall: nothing reads; the gateway's memory is sampled meanwhile.
            result.UpstreamChunksAtStallStart = upstream.ChunksWritten;
            var stallEnds = Stopwatch.GetTimestamp() + (long)(options.Stall.TotalSeconds * Stopwatch.Frequency);
            result.PeakRssDuringStallKb = ProcSampler.ReadRssKb(gatewayPid);
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (Stopwatch.GetTimestamp() < stallEnds && await tick.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false))
            {
                result.PeakRssDuringStallKb = Math.Max(result.PeakRssDuringStallKb, ProcSampler.ReadRssKb(gatewayPid));
            }

            result.UpstreamChunksAtStallEnd = upstream.ChunksWritten;
            await frames.ReadAsync(reader, untilBytes: long.MaxValue, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            result.ClientError = $"{ex.GetType().Name}: {ex.Message}";
        }

        result.Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        result.RssAfterKb = ProcSampler.ReadRssKb(gatewayPid);
    }

    /// <summary>The default client, or one whose socket has a fixed receive buffer (no autotuning).</summary>
    private static SocketsHttpHandler Handler(int receiveBufferBytes)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        if (receiveBufferBytes != int.MaxValue)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = receiveBufferBytes };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }

    private static (Process Process, StreamWriter Log) StartGateway(string dll, string stateDir, int port, int upstreamPort)
    {
        var config = Path.Combine(stateDir, "openclaw.json5");
        File.WriteAllText(config, $$"""
            { gateway: { mode: "local", auth: { mode: "token", token: "{{Token}}" }, http: { endpoints: { chatCompletions: { enabled: true } } } },
              agents: { defaults: { model: { primary: "flood/flood-model" } } },
              models: { mode: "replace", providers: { flood: { baseUrl: "http://127.0.0.1:{{upstreamPort}}/v1", apiKey: "flood-local", api: "openai-completions",
                models: [{ id: "flood-model", contextWindow: 128000, maxTokens: 4096 }] } } } }
            """);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "gateway", "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OPENCLAW_STATE_DIR"] = stateDir;
        start.Environment["OPENCLAW_CONFIG_PATH"] = config;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
        var log = new StreamWriter(Path.Combine(stateDir, "gateway.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static async Task WaitReadyAsync(Process gateway, Uri baseUri)
    {
        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(2) };
        var until = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited during start-up (code {gateway.ExitCode})");
            }

            try
            {
                using var ready = await client.GetAsync("/readyz").ConfigureAwait(false);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException("the gateway was not ready after 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

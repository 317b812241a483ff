using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> binary) as a child process on a free loopback port, with its
/// own config and TSDB in a temp dir, scraping one target every second; queried through its HTTP API.
/// Dispose kills the process and deletes the temp dir.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>CI sets it: a missing binary then fails the test instead of skipping it.</summary>
    public const string RequireVariable = "OPENCLAW_REQUIRE_PROMETHEUS";

    public const string InstallHint = "install Debian's prometheus package (apt-get install prometheus) to run it";

    private const string DebianPath = "/usr/bin/prometheus";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string dir, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>The <c>prometheus</c> binary on PATH or at Debian's place, or null.</summary>
    public static string? FindBinary()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "prometheus"))
            .FirstOrDefault(File.Exists);
        return onPath ?? (File.Exists(DebianPath) ? DebianPath : null);
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/>'s <c>/metrics</c> with a bearer token, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, string bearerToken, string job)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            $"The prometheus binary is neither on PATH nor at {DebianPath}, and {RequireVariable} is set: {InstallHint}.");
        var dir = Directory.CreateTempSubdirectory("openclaw-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials: {bearerToken}
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--web.listen-address=127.0.0.1:{port}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                "--log.level=warn",
            },
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query: each result series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var document = await GetJsonAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        return [.. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => (
            series.GetProperty("metric").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The active scrape targets: their health (<c>up</c>, <c>down</c>, <c>unknown</c>) and last scrape error.</summary>
    public async Task<IReadOnlyList<(string Health, string LastError)>> TargetsAsync()
    {
        using var document = await GetJsonAsync("/api/v1/targets?state=active");
        return [.. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))];
    }

    /// <summary>What the process wrote so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started (the binary failed to launch): nothing to kill.
        }
        finally
        {
            _process.Dispose();
            GatewayFactory.TryDelete(_dir);
        }
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to {path}: {body}");
        }

        return JsonDocument.Parse(body);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"prometheus was not ready within {ReadyTimeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

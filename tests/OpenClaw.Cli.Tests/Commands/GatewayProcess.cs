using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>Runs the built <c>openclaw</c> executable as a child process, as a user or a supervisor would.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private static readonly SemaphoreSlim EnvironmentLock = new(1, 1);

    private GatewayProcess(Process process, int port, bool https)
    {
        Process = process;
        Port = port;
        Https = https;
    }

    public Process Process { get; }

    public int Port { get; }

    /// <summary>True when the state's config turns <c>gateway.tls</c> on (then readiness is probed over HTTPS).</summary>
    public bool Https { get; }

    public Uri BaseAddress => new($"{(Https ? "https" : "http")}://127.0.0.1:{Port}");

    public static GatewayProcess Start(TempStateDir state, params string[] extraArgs) => Start(state, https: false, extraArgs);

    public static GatewayProcess Start(TempStateDir state, bool https, params string[] extraArgs)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "openclaw.dll"));
        foreach (var arg in new[] { "gateway", "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OPENCLAW_STATE_DIR"] = state.Path;
        info.Environment["OPENCLAW_CONFIG_PATH"] = state.ConfigPath;
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, port, https);
    }

    /// <summary>Runs <paramref name="action"/> with the state env vars set for in-process CLI invocations.</summary>
    public static async Task<T> WithStateAsync<T>(TempStateDir state, Func<Task<T>> action)
    {
        await EnvironmentLock.WaitAsync();
        var previous = (Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR"), Environment.GetEnvironmentVariable("OPENCLAW_CONFIG_PATH"));
        try
        {
            Environment.SetEnvironmentVariable("OPENCLAW_STATE_DIR", state.Path);
            Environment.SetEnvironmentVariable("OPENCLAW_CONFIG_PATH", state.ConfigPath);
            return await action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENCLAW_STATE_DIR", previous.Item1);
            Environment.SetEnvironmentVariable("OPENCLAW_CONFIG_PATH", previous.Item2);
            EnvironmentLock.Release();
        }
    }

    public async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with code {Process.ExitCode}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(BaseAddress, "/readyz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the gateway did not become ready");
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and systemd do.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

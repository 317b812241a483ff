using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// The gateway in memory (TestServer) with its own temp state dir and config file. Settings are host configuration
/// (<c>OpenClaw:*</c>), as appsettings.json or environment variables would give them.
/// </summary>
internal sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsStateDir;

    /// <param name="config">The openclaw.json text.</param>
    /// <param name="settings">Host settings.</param>
    /// <param name="stateDir">An existing state dir to start on (a restart); the caller deletes it. Default: a new one.</param>
    /// <param name="time">
    /// The gateway's clock (provider deadlines, retry pauses, run and queue timeouts, ticks), e.g. a
    /// <c>FakeTimeProvider</c> for tests where time is the subject. Default: the system clock.
    /// </param>
    public GatewayFactory(string config = TestConfigs.EchoOnly, IDictionary<string, string?>? settings = null, string? stateDir = null, TimeProvider? time = null)
    {
        Time = time;
        _ownsStateDir = stateDir is null;
        StateDir = stateDir ?? Directory.CreateTempSubdirectory("openclaw-test-").FullName;
        ConfigPath = Path.Combine(StateDir, "openclaw.json");
        File.WriteAllText(ConfigPath, config);
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["OpenClaw:StateDir"] = StateDir,
            ["OpenClaw:ConfigPath"] = ConfigPath,
        };
        _settings.TryAdd("Serilog:MinimumLevel", "Warning");

        // Retries keep their count but not the production pauses (1 s, 2 s); tests of the timing set them back.
        _settings.TryAdd("OpenClaw:Providers:RetryBaseDelayMilliseconds", "20");

        // Fixtures shared by a test class enqueue failures in any order; the circuit breaker would carry them from one
        // test into the next. Tests of the breaker turn it on.
        _settings.TryAdd("OpenClaw:Providers:CircuitBreaker:Enabled", "false");

        // Each host would otherwise hold inotify instances for appsettings.json; the per-user limit is small.
        _settings.TryAdd("hostBuilder:reloadConfigOnChange", "false");
    }

    public string StateDir { get; }

    public string ConfigPath { get; }

    /// <summary>The clock the gateway runs on, when a test gave one.</summary>
    public TimeProvider? Time { get; }

    public HttpClient CreateAuthorizedClient(string token = TestConfigs.Token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsStateDir)
        {
            TryDelete(StateDir);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A store file may still be closing; the OS temp dir is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

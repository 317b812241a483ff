using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// The gateway on real loopback Kestrel (an ephemeral port), built exactly as <c>openclaw gateway run</c> builds it;
/// for timing, disconnect, restart and shutdown tests where TestServer would hide the socket.
/// </summary>
internal sealed class KestrelGateway : IAsyncDisposable
{
    private readonly bool _ownsStateDir;

    private KestrelGateway(WebApplication app, string stateDir, bool ownsStateDir)
    {
        App = app;
        StateDir = stateDir;
        _ownsStateDir = ownsStateDir;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // A lan bind listens on 0.0.0.0; the tests reach it through 127.0.0.1 either way.
        BaseAddress = new Uri(addresses.First(a => a.Contains("127.0.0.1", StringComparison.Ordinal) || a.Contains("0.0.0.0", StringComparison.Ordinal))
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string StateDir { get; }

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    /// <summary>
    /// Starts a gateway; pass <paramref name="stateDir"/> to reuse an earlier one's state (restart),
    /// <paramref name="services"/> to replace services after the gateway's own (a log capture), and
    /// <paramref name="time"/> for the gateway's clock (a <c>FakeTimeProvider</c> where time is the subject).
    /// </summary>
    public static async Task<KestrelGateway> StartAsync(
        string config, IDictionary<string, string?>? settings = null, string? stateDir = null, Action<IServiceCollection>? services = null, TimeProvider? time = null)
    {
        var owns = stateDir is null;
        stateDir ??= Directory.CreateTempSubdirectory("openclaw-kestrel-").FullName;
        await File.WriteAllTextAsync(Path.Combine(stateDir, "openclaw.json"), config);
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        var values = new Dictionary<string, string?>
        {
            ["OpenClaw:StateDir"] = stateDir,
            ["OpenClaw:ConfigPath"] = Path.Combine(stateDir, "openclaw.json"),
            ["OpenClaw:Cli:Port"] = "0",
            ["OpenClaw:Cli:Bind"] = "loopback",
            ["Serilog:MinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddGateway();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        return new KestrelGateway(app, stateDir, owns);
    }

    public HttpClient CreateClient(string? token = TestConfigs.Token) => CreateClient(new SocketsHttpHandler(), token);

    /// <summary>
    /// A client that closes its connection as soon as it disposes an unfinished response, for tests of a client that
    /// goes away. By default the handler first drains the rest for up to two seconds to reuse the connection, which
    /// puts that delay between the test's disconnect and the gateway seeing it.
    /// </summary>
    public HttpClient CreateHangingUpClient() =>
        CreateClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, ResponseDrainTimeout = TimeSpan.Zero });

    private HttpClient CreateClient(SocketsHttpHandler handler, string? token = TestConfigs.Token)
    {
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsStateDir)
        {
            GatewayFactory.TryDelete(StateDir);
        }
    }
}

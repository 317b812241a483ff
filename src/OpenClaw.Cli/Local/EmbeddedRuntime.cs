using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Hosting;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Cli.Local;

/// <summary>
/// The agent pipeline inside the CLI process (<c>openclaw agent --local</c>, or when no gateway answers): the same
/// runtime registration the gateway uses, the same config and the same session store (SQLite serializes writers).
/// </summary>
internal sealed class EmbeddedRuntime : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EmbeddedRuntime(ServiceProvider services)
    {
        _services = services;
        Runner = services.GetRequiredService<AgentRunner>();
        Store = services.GetRequiredService<ISessionStore>();
    }

    public AgentRunner Runner { get; }

    public ISessionStore Store { get; }

    public static async Task<EmbeddedRuntime> StartAsync(ConfigSnapshot snapshot, IProcessEnvironment environment, bool verbose, CancellationToken cancellationToken)
    {
        // Host settings (OpenClaw__Storage__Path, provider timeouts, …) come from the environment as for the gateway.
        var settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(settings);
        // Logs go to stderr: stdout carries the answer (and --json output for scripts).
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddOpenClawCore(new FixedConfigSource(snapshot)).UseConfiguredStore(settings);
        services.AddSingleton(environment);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<ISessionStore>().InitializeAsync(cancellationToken);
            return new EmbeddedRuntime(provider);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    /// <summary>The config as loaded once for this command.</summary>
    private sealed class FixedConfigSource(ConfigSnapshot snapshot) : IConfigSource
    {
        public ConfigSnapshot Current => snapshot;

        public event Action<ConfigSnapshot>? Changed
        {
            add { }
            remove { }
        }
    }
}

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// A real <c>openclaw gateway run</c> process on the offline echo model, token auth, and the environment a CLI
/// invocation needs to reach it (port and token); shared by the tests of one class.
/// </summary>
public sealed class StartedGateway : IAsyncLifetime
{
    public const string Token = "cli-test-token-0123456789";

    private readonly TempStateDir _state = new($$"""
        { gateway: { auth: { mode: 'token', token: '{{Token}}' } },
          agents: { entries: { main: { name: 'Main' }, beta: { name: 'Beta' } } } }
        """);

    private GatewayProcess? _process;

    public int Port => _process!.Port;

    public string StateDir => _state.Path;

    /// <summary>A CLI environment that finds this gateway the default way: OPENCLAW_GATEWAY_PORT and _TOKEN.</summary>
    public Dictionary<string, string> Environment(string? clientStateDir = null) => new()
    {
        ["OPENCLAW_STATE_DIR"] = clientStateDir ?? _state.Path,
        ["OPENCLAW_GATEWAY_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OPENCLAW_GATEWAY_TOKEN"] = Token,
        ["HOME"] = _state.Path,
    };

    public async Task InitializeAsync()
    {
        _process = GatewayProcess.Start(_state);
        using var client = new HttpClient();
        await _process.WaitUntilReadyAsync(client);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _state.Dispose();
        return Task.CompletedTask;
    }
}

using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// A temp state dir with agents <c>main</c> (default) and <c>beta</c>, and the <c>openclaw</c> CLI run in-process
/// against it through a test environment (never the process's).
/// </summary>
internal sealed class SessionsTestState : IDisposable
{
    public const string AgentsConfig = "{ agents: { list: [ { id: 'main', default: true }, { id: 'beta' } ] } }";

    private readonly TempStateDir _state = new(AgentsConfig);

    public SessionsTestState(IDictionary<string, string>? extraEnvironment = null)
    {
        Environment = new DictionaryEnvironment(new Dictionary<string, string>(extraEnvironment ?? new Dictionary<string, string>())
        {
            ["OPENCLAW_STATE_DIR"] = _state.Path,
            ["HOME"] = _state.Path,
        });
    }

    public DictionaryEnvironment Environment { get; }

    public string StorePath => Path.Combine(_state.Path, "openclaw-dotnet.sqlite");

    public string Dir => _state.Path;

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OpenClawCli.RunAsync(args, output, error, CancellationToken.None, Environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Writes <paramref name="text"/> to a file in the state dir and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_state.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Stores session rows directly, as the gateway would have.</summary>
    public async Task SeedAsync(string? storePath = null, params SessionEntry[] sessions)
    {
        await using var store = new SqliteSessionStore(storePath ?? StorePath, fullSync: false);
        await store.InitializeAsync(CancellationToken.None);
        foreach (var session in sessions)
        {
            await store.WriteAsync(new SessionWrite { Session = session }, CancellationToken.None);
        }
    }

    public static SessionEntry Session(string key, string agentId, long updatedAt) => new()
    {
        SessionKey = key,
        AgentId = agentId,
        SessionId = Guid.NewGuid().ToString(),
        CreatedAt = updatedAt,
        UpdatedAt = updatedAt,
    };

    public void Dispose() => _state.Dispose();
}

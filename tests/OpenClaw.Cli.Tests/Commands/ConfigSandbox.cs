using OpenClaw.Core.Configuration;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>
/// A throw-away home and state directory for <c>openclaw config</c>, run in-process with its own environment
/// (OPENCLAW_STATE_DIR and HOME point inside it; the process environment is never touched).
/// </summary>
internal sealed class ConfigSandbox : IDisposable
{
    public ConfigSandbox(string? config = null, bool useStateDir = true)
    {
        Root = Directory.CreateTempSubdirectory("openclaw-config-").FullName;
        Home = Path.Combine(Root, "home");
        StateDir = Path.Combine(Root, "state");
        Directory.CreateDirectory(Home);
        Environment = new DictionaryEnvironment(new Dictionary<string, string> { ["HOME"] = Home });
        if (useStateDir)
        {
            Environment.Set("OPENCLAW_STATE_DIR", StateDir);
        }

        if (config is not null)
        {
            Directory.CreateDirectory(StateDir);
            File.WriteAllText(ConfigPath, config);
        }
    }

    public string Root { get; }

    public string Home { get; }

    public string StateDir { get; }

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    public DictionaryEnvironment Environment { get; }

    public string ReadConfig() => File.ReadAllText(ConfigPath);

    public string Write(string name, string content)
    {
        var path = Path.Combine(StateDir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await OpenClawCli.RunAsync(args, output, error, CancellationToken.None, Environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder must not fail the test that used it.
        }
    }
}

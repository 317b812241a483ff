namespace OpenClaw.Cli.Tests.Commands;

/// <summary>A throw-away state directory holding an <c>openclaw.json</c>.</summary>
internal sealed class TempStateDir : IDisposable
{
    public TempStateDir(string config)
    {
        Path = Directory.CreateTempSubdirectory("openclaw-cli-").FullName;
        File.WriteAllText(ConfigPath, config);
    }

    public string Path { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, "openclaw.json");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

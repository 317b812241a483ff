namespace OpenClaw.Testing;

/// <summary>
/// Variables of this test process's real environment, put back as they were on dispose. Tests running in parallel
/// share the process, so the names should be unique to the test (<see cref="UniqueName"/>).
/// </summary>
public sealed class ProcessVariables : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    /// <summary><paramref name="prefix"/> and a random suffix: a name no other test uses.</summary>
    public static string UniqueName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    public void Set(string name, string? value)
    {
        Restore(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>Puts <paramref name="name"/> back on dispose when something else (a config load) sets it.</summary>
    public void Restore(string name) => _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

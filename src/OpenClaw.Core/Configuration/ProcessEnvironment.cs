namespace OpenClaw.Core.Configuration;

/// <summary>The process environment, behind an interface so tests can supply their own variables.</summary>
public interface IProcessEnvironment
{
    string? Get(string name);

    void Set(string name, string value);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironment : IProcessEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);

    public void Set(string name, string value) => Environment.SetEnvironmentVariable(name, value);
}

/// <summary>An in-memory environment for tests and isolated loads.</summary>
public sealed class DictionaryEnvironment(IDictionary<string, string>? variables = null) : IProcessEnvironment
{
    private readonly Dictionary<string, string> _variables = new(variables ?? new Dictionary<string, string>(), StringComparer.Ordinal);

    public string? Get(string name) => _variables.GetValueOrDefault(name);

    public void Set(string name, string value) => _variables[name] = value;
}

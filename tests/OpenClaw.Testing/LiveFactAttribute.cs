using Xunit;

namespace OpenClaw.Testing;

/// <summary>
/// A test against a real provider: it runs only when <see cref="Variable"/> is set in the environment and is
/// reported as skipped (with the variable's name) otherwise, so a CI run without secrets stays honest.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(string variable)
    {
        Variable = variable;
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"live test: set {variable} to run it against the real provider";
        }
    }

    /// <summary>The environment variable holding the provider's key or address.</summary>
    public string Variable { get; }

    /// <summary>The variable's value (empty when unset).</summary>
    public string Value => Environment.GetEnvironmentVariable(Variable) ?? "";
}

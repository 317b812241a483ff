namespace OpenClaw.Cli;

/// <summary>This build's version (the informational version without the commit suffix).</summary>
internal static class CliVersion
{
    public static readonly string Current = typeof(CliVersion).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

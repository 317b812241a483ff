namespace OpenClaw.Gateway.Hosting;

/// <summary>The gateway's version as probes, <c>hello-ok</c> and telemetry report it (without the commit suffix).</summary>
internal static class GatewayVersion
{
    public static string Current { get; } = typeof(GatewayVersion).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

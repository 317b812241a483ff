namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// A test against a real Prometheus: reported as skipped when the <c>prometheus</c> binary is missing, unless
/// <see cref="PrometheusServer.RequireVariable"/> is set (CI), where the test runs and fails on the missing binary.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.FindBinary() is null
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PrometheusServer.RequireVariable)))
        {
            Skip = PrometheusServer.InstallHint;
        }
    }
}

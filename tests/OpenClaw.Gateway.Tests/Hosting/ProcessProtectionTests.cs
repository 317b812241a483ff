using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Tests.OpenAi;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Hosting;

/// <summary>
/// The gateway hides its <c>/proc</c> environment and memory from the commands its agent runs. The flag is the
/// process's, so these tests run alone (every gateway start sets it). Linux only, as CI.
/// </summary>
[Collection(nameof(GatewaySecretsInProcessCollection))]
public sealed class ProcessProtectionTests
{
    [Fact]
    public async Task Startup_MarksTheProcessNonDumpable_OnLinux()
    {
        ProcessProtection.SetDumpable(true).Should().BeTrue();

        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);

        ProcessProtection.IsDumpable().Should().BeFalse("a same-user exec command must not read /proc/<gateway>/environ");
    }

    [Fact]
    public async Task ProtectProcessOff_LeavesTheProcessDumpable()
    {
        ProcessProtection.SetDumpable(true).Should().BeTrue();

        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.EchoOnly, new Dictionary<string, string?> { ["OpenClaw:Tools:ProtectProcess"] = "false" });

        ProcessProtection.IsDumpable().Should().BeTrue();
    }
}

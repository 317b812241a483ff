using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Telemetry;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs.Steps;

/// <summary>A run as the pipeline's entry hands it to the steps, for testing one step (or the pipeline's end) alone.</summary>
internal static class StepRuns
{
    /// <summary>
    /// Provider <c>fake</c> with models <c>a</c> (the primary) and <c>b</c> (its fallback); nothing listens at its URL.
    /// <c>__WORKSPACE__</c> stands for the workspace directory.
    /// </summary>
    public const string Config = """
        {
          agents: { defaults: { workspace: "__WORKSPACE__", model: { primary: "fake/a", fallbacks: ["fake/b"] }, userTimezone: "UTC" } },
          session: { reset: { mode: "off" } },
          models: {
            mode: "replace",
            providers: {
              fake: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-test", api: "openai-completions", models: [ { id: "a" }, { id: "b" } ] },
            },
          },
        }
        """;

    public static RunState Create(
        AgentRunRequest? request = null, string? config = null, string? workspace = null, CancellationToken timeout = default, CancellationTokenSource? cancellation = null)
    {
        var directory = workspace ?? Path.Combine(Path.GetTempPath(), "openclaw-step-tests", "workspace");
        var bound = TestConfig.Bind((config ?? Config).Replace("__WORKSPACE__", directory.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal));
        var snapshot = TestConfig.Snapshot(bound, Path.Combine(Path.GetTempPath(), "openclaw-step-tests"));
        request ??= new AgentRunRequest { RunId = "run-" + Guid.NewGuid().ToString("N"), Message = "hello" };
        return new RunState(request, snapshot, "main", "agent:main:main", startedAt: 1_000, timeout, timeoutSeconds: 600, new RunTiming(0)) { Cancellation = cancellation };
    }

    public static ResolvedModel Model(RunState run, string reference) =>
        ModelResolver.ResolveRef(run.Snapshot.Config, reference, new DictionaryEnvironment()).Model!;
}

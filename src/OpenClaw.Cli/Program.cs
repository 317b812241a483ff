using OpenClaw.Cli;

// The `openclaw` command line: verbs and flags compatible with the original (agent-runtime.md §8).
return await OpenClawCli.RunAsync(args);

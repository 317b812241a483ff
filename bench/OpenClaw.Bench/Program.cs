using OpenClaw.Bench;

// openclaw-bench run    ... : closed-loop load against one target, prints a summary, writes JSON (--out)
// openclaw-bench report ... : turns the JSON files of one bench/run.sh invocation into RESULTS.md
try
{
    return args.Length == 0
        ? Usage()
        : args[0] switch
        {
            "run" => await LoadCommand.RunAsync(new ArgReader(args[1..])).ConfigureAwait(false),
            "report" => ReportCommand.Run(new ArgReader(args[1..])),
            "memory" => await MemoryCommand.RunAsync(new ArgReader(args[1..])).ConfigureAwait(false),
            "memory-report" => MemoryReport.Run(new ArgReader(args[1..])),
            "slowreader" => await SlowReaderCommand.RunAsync(new ArgReader(args[1..])).ConfigureAwait(false),
            "-h" or "--help" or "help" => Usage(),
            _ => Usage(),
        };
}
catch (UsageException ex)
{
    await Console.Error.WriteLineAsync($"openclaw-bench: {ex.Message}").ConfigureAwait(false);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine(
        """
        usage:
          openclaw-bench run --url URL (--body JSON | --body-file PATH) [--header 'Name: value']... [--stream]
                             [-c|--concurrency N] [--duration SEC] [--warmup SEC] [--timeout SEC]
                             [--name NAME] [--label key=value]... [--proc name=PID]... [--out FILE.json] [--quiet]
          openclaw-bench report --dir RUN_DIR [--meta FILE] --out RESULTS.md
          openclaw-bench memory --url URL --pid GATEWAY_PID [--token T] [--body-mib 20] [--concurrent 8] [--sequential 30]
                                [--idle 60] [--settle 5] [--name NAME] [--out FILE.json]
          openclaw-bench memory-report --dir DIR --results RESULTS.md [--note TEXT]
          openclaw-bench slowreader --gateway LABEL=path/openclaw.dll... [--chunks N] [--chunk-chars N] [--stall SEC]
                             [--stall-after-bytes N] [--receive-buffer BYTES] [--timeout SEC] [--out FILE.json]
                             [--results RESULTS.md] [--note TEXT]

        run: N workers send requests back to back (keep-alive) for --warmup + --duration seconds; only requests
        started after the warm-up are measured. --stream reads the SSE response and records time-to-first-token
        (first `data:` line whose choices[0].delta.content is a non-empty string). --proc samples CPU time and
        VmRSS of other processes (e.g. the gateway) during the measured window.
        """);
    return 2;
}

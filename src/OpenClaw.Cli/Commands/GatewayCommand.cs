using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw gateway [run]</c>: the gateway in the foreground, with the original's flags (§8.2).</summary>
internal static class GatewayCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int?>("--port") { Description = "Port to listen on (default: OPENCLAW_GATEWAY_PORT, gateway.port, 18789)" };
        var bind = new Option<string?>("--bind") { Description = "loopback (default), lan or custom" };
        bind.AcceptOnlyFromAmong("loopback", "lan", "custom", "auto", "tailnet");
        var auth = new Option<string?>("--auth") { Description = "Auth mode: token, password or none" };
        auth.AcceptOnlyFromAmong("token", "password", "none");
        var token = new Option<string?>("--token") { Description = "Shared token (overrides gateway.auth.token)" };
        var password = new Option<string?>("--password") { Description = "Shared password (overrides gateway.auth.password)" };
        var allowUnconfigured = new Option<bool>("--allow-unconfigured") { Description = "Start even if gateway.mode is not 'local'" };
        var force = new Option<bool>("--force") { Description = "Accepted for compatibility; a busy port still fails with a clear message" };
        var verbose = new Option<bool>("--verbose") { Description = "Debug-level logging" };

        var run = new Command("run", "Run the gateway in the foreground") { port, bind, auth, token, password, allowUnconfigured, force, verbose };
        var gateway = new Command("gateway", "Run and talk to the OpenClaw gateway") { run, GatewayCallCommand.Create(context) };
        foreach (var option in run.Options)
        {
            gateway.Options.Add(option);
        }

        async Task<int> Run(ParseResult parse, CancellationToken cancellationToken)
        {
            var settings = new Dictionary<string, string?>
            {
                ["OpenClaw:Cli:Port"] = parse.GetValue(port)?.ToString(CultureInfo.InvariantCulture),
                ["OpenClaw:Cli:Bind"] = parse.GetValue(bind),
                ["OpenClaw:Cli:Auth"] = parse.GetValue(auth),
                ["OpenClaw:Cli:Token"] = parse.GetValue(token),
                ["OpenClaw:Cli:Password"] = parse.GetValue(password),
                ["OpenClaw:Cli:AllowUnconfigured"] = parse.GetValue(allowUnconfigured) ? "true" : null,
            };
            if (parse.GetValue(verbose))
            {
                settings["Serilog:MinimumLevel:Default"] = "Debug";
            }

            // OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH, else --profile / --dev, else ~/.openclaw (agent-runtime.md §2.1).
            var paths = context.Paths(parse);
            settings["OpenClaw:StateDir"] = paths.StateDir;
            settings["OpenClaw:ConfigPath"] = paths.ConfigPath;

            // --dev listens on 19001 unless --port, OPENCLAW_GATEWAY_PORT or gateway.port says otherwise.
            if (parse.GetValue(context.Dev) && parse.GetValue(port) is null && string.IsNullOrWhiteSpace(context.Environment.Get("OPENCLAW_GATEWAY_PORT"))
                && context.LoadConfig(parse).Config.Gateway.Port is null)
            {
                settings["OpenClaw:Cli:Port"] = CliContext.DefaultPort(dev: true).ToString(CultureInfo.InvariantCulture);
            }
            return await RunGatewayAsync(settings, context.Error, cancellationToken);
        }

        run.SetAction(Run);
        gateway.SetAction(Run);
        return gateway;
    }

    /// <summary>Builds and runs the gateway host; a refusal prints one line and returns 1.</summary>
    public static async Task<int> RunGatewayAsync(IDictionary<string, string?> settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
            builder.AddGateway();
            await using var app = builder.Build();
            app.MapGateway();
            await app.RunGatewayAsync(cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is GatewayStartupException or ConfigException or OptionsValidationException)
        {
            await error.WriteLineAsync($"openclaw: {ex.Message}");
            return 1;
        }
    }
}

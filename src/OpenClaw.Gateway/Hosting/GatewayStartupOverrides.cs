namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// The <c>openclaw gateway run</c> flags, highest in precedence (agent-runtime.md §2.2). The CLI passes them as host
/// configuration under <c>OpenClaw:Cli</c>.
/// </summary>
internal sealed record GatewayStartupOverrides
{
    public const string SectionName = "OpenClaw:Cli";

    public int? Port { get; init; }

    public string? Bind { get; init; }

    public string? Auth { get; init; }

    public string? Token { get; init; }

    public string? Password { get; init; }

    public bool AllowUnconfigured { get; init; }

    public static GatewayStartupOverrides From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        return new GatewayStartupOverrides
        {
            Port = int.TryParse(section["Port"], System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : null,
            Bind = NonEmpty(section["Bind"]),
            Auth = NonEmpty(section["Auth"]),
            Token = NonEmpty(section["Token"]),
            Password = NonEmpty(section["Password"]),
            AllowUnconfigured = bool.TryParse(section["AllowUnconfigured"], out var allow) && allow,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A refusal to start; the message is the one-line reason printed before exiting with code 1.</summary>
public sealed class GatewayStartupException(string message) : Exception(message);

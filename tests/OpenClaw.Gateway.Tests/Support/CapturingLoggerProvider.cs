using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// Keeps every log entry of a host (register it as an <see cref="ILoggerProvider"/> service; Serilog hands it every
/// event that passes the <c>Serilog:MinimumLevel</c> of the host); an entry's message ends with its exception, if any,
/// so tests can see what a log line would print.
/// </summary>
internal sealed partial class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this);

    public void Dispose()
    {
    }

    /// <summary>
    /// Serilog's rendering of an event quotes its strings (<c>run "chatcmpl_1"</c>); the text log writes them as they
    /// are (<c>{Message:lj}</c>), as does a <c>[LoggerMessage]</c>, so the template is rendered that way here.
    /// </summary>
    private static string Render<TState>(TState state, Func<TState, Exception?, string> formatter, Exception? exception)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values
            || state.GetType().Namespace != "Serilog.Extensions.Logging"
            || values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value is not string template)
        {
            return formatter(state, exception);
        }

        return Placeholder().Replace(template, match =>
        {
            var value = values.FirstOrDefault(v => v.Key == match.Groups["name"].Value).Value;
            var format = match.Groups["format"].Success ? match.Groups["format"].Value : null;
            return value switch
            {
                null => "(null)",
                string text => text,
                IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
                IEnumerable items => string.Join(", ", items.Cast<object?>()),
                _ => value.ToString() ?? "",
            };
        });
    }

    [GeneratedRegex(@"\{[@$]?(?<name>[A-Za-z0-9_]+)(,[^:}]+)?(:(?<format>[^}]+))?\}")]
    private static partial Regex Placeholder();

    private sealed class Capturing(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, Render(state, formatter, exception) + exception));
    }
}

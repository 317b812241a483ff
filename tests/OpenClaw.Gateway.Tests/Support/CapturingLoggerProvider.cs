using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// Keeps every log entry of a host (register it as an <see cref="ILoggerProvider"/> service); an entry's message
/// ends with its exception, if any, so tests can see what a log line would print.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this);

    public void Dispose()
    {
    }

    private sealed class Capturing(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, formatter(state, exception) + exception));
    }
}

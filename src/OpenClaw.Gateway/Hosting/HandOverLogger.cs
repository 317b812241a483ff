namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// For a component built before the host (the config source: an invalid file must stop startup) that logs for the
/// host's whole life: it logs through the bootstrap logger until the host's logger factory exists, then through it.
/// </summary>
internal sealed class HandOverLogger<T>(ILogger<T> bootstrap) : ILogger<T>
{
    private volatile ILogger _current = bootstrap;

    /// <summary>Switches to the host's logger; returns <paramref name="owner"/> so a service registration can call it.</summary>
    public TOwner HandOver<TOwner>(ILoggerFactory host, TOwner owner)
    {
        _current = host.CreateLogger<T>();
        return owner;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _current.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _current.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _current.Log(logLevel, eventId, state, exception, formatter);
}

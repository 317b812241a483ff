using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Testing;

/// <summary>
/// What every fake model server shares: Kestrel on a loopback port, each request recorded in arrival order, a
/// queue of scripts for the model route, waiters, and a shutdown that cuts whatever still hangs. The fake itself
/// only picks and plays the answer (<see cref="Handler"/>).
/// </summary>
internal sealed class FakeUpstreamHost<TScript> : IAsyncDisposable
    where TScript : class
{
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<RecordedUpstreamRequest> _requests = [];
    private readonly Queue<TScript> _queue = new();
    private readonly List<(int Count, TaskCompletionSource<RecordedUpstreamRequest> Signal)> _waiters = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly string _name;
    private readonly Func<HttpContext, bool> _takesScript;
    private readonly Handler _handle;
    private WebApplication? _app;
    private int _disposed;

    private FakeUpstreamHost(string name, Func<HttpContext, bool> takesScript, Handler handle)
    {
        _name = name;
        _takesScript = takesScript;
        _handle = handle;
    }

    /// <summary>Plays the answer: <paramref name="queued"/> is the dequeued script for a model-route request, if any.</summary>
    public delegate Task Handler(HttpContext context, RecordedUpstreamRequest request, TScript? queued, CancellationToken shutdown);

    public int Port { get; private set; }

    public IReadOnlyList<RecordedUpstreamRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Starts on an ephemeral loopback port; <paramref name="takesScript"/> says which requests dequeue a script.</summary>
    public static async Task<FakeUpstreamHost<TScript>> StartAsync(string name, Func<HttpContext, bool> takesScript, Handler handle, CancellationToken cancellationToken)
    {
        var host = new FakeUpstreamHost<TScript>(name, takesScript, handle);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeUpstreamHost<TScript>).Assembly.GetName().Name,
        });

        // A test project's appsettings.json or ASPNETCORE_* variables must not add endpoints or limits here.
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.Run(host.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First();
        host._app = app;
        host.Port = new Uri(address).Port;
        return host;
    }

    public void Enqueue(TScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        lock (_gate)
        {
            _queue.Enqueue(script);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived and returns the count-th (1-based).</summary>
    public async Task<RecordedUpstreamRequest> WaitForRequestAsync(int count, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var wait = timeout ?? DefaultWaitTimeout;
        TaskCompletionSource<RecordedUpstreamRequest> signal;
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return _requests[count - 1];
            }

            signal = new TaskCompletionSource<RecordedUpstreamRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }

            throw new TimeoutException(
                $"{_name} expected request #{count} within {wait}; got: [{string.Join(", ", Requests)}].");
        }
    }

    /// <summary>Stops the server, cutting any request still hung or streaming.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _app is null)
        {
            return;
        }

        await _shutdown.CancelAsync();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Kestrel aborts whatever is left once the token fires; nothing more to wait for.
            }
        }

        await _app.DisposeAsync();
        lock (_gate)
        {
            foreach (var request in _requests)
            {
                request.TryComplete(new UpstreamRequestOutcome(UpstreamOutcomeKind.ServerAborted, DateTimeOffset.UtcNow, 0));
            }

            foreach (var (_, signal) in _waiters)
            {
                signal.TrySetException(new ObjectDisposedException(_name));
            }

            _waiters.Clear();
        }

        // _shutdown stays undisposed: a handler still unwinding may read its token.
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            return;
        }

        var takesScript = _takesScript(context);
        RecordedUpstreamRequest recorded;
        TScript? script = null;
        lock (_gate)
        {
            // Numbering, recording and dequeuing under one lock keeps the n-th recorded model
            // request paired with the n-th queued script, however requests race.
            recorded = new RecordedUpstreamRequest(_requests.Count + 1, context.Request, body);
            _requests.Add(recorded);
            if (takesScript && _queue.Count > 0)
            {
                script = _queue.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _requests.Count)
                {
                    _waiters[i].Signal.TrySetResult(_requests[_waiters[i].Count - 1]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        await _handle(context, recorded, script, _shutdown.Token);
    }
}

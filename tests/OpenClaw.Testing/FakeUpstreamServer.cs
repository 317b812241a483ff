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
/// A model server on a real loopback socket, whatever its wire format. Tests script its answers
/// (<see cref="Enqueue(TScript)"/>, <see cref="Responder"/>) and inspect what the gateway sent and whether it hung up
/// (<see cref="Requests"/>, <see cref="RecordedUpstreamRequest.Completion"/>). A real socket, unlike TestServer, lets
/// the gateway's own HttpClient, timeouts and cancellation run exactly as in production.
/// </summary>
/// <typeparam name="TScript">The format's scripted answer to its chat route.</typeparam>
public abstract class FakeUpstreamServer<TScript> : IAsyncDisposable
    where TScript : FakeUpstreamScript
{
    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<RecordedUpstreamRequest> _requests = [];
    private readonly Queue<TScript> _queue = new();
    private readonly List<(int Count, TaskCompletionSource<RecordedUpstreamRequest> Signal)> _waiters = [];
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _app;
    private int _disposed;

    private protected FakeUpstreamServer()
    {
    }

    /// <summary>What a provider's base URL is set to, without a trailing slash.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>Reported when a request names no model (and listed by model-list routes).</summary>
    public string ModelId { get; set; } = "fake-model";

    /// <summary>Consulted for chat requests when the queue is empty; a null result means the echo reply.</summary>
    public Func<RecordedUpstreamRequest, TScript?>? Responder { get; set; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
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

    /// <summary>Chat requests only (what most assertions want).</summary>
    public IReadOnlyList<RecordedUpstreamRequest> ChatRequests =>
        [.. Requests.Where(r => r.Path == ChatPath)];

    public int QueuedResponseCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The path of the scripted chat route (POST).</summary>
    private protected abstract string ChatPath { get; }

    /// <summary>Queues a scripted answer for the next chat request that finds the queue non-empty.</summary>
    public void Enqueue(TScript response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            _queue.Enqueue(response);
        }
    }

    /// <summary>Queues several scripted answers, in order.</summary>
    public void Enqueue(params TScript[] responses)
    {
        foreach (var response in responses)
        {
            Enqueue(response);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived and returns the count-th (1-based).</summary>
    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => WaitForRequestAsync(count, DefaultWaitTimeout);

    /// <inheritdoc cref="WaitForRequestAsync(int)"/>
    public async Task<RecordedUpstreamRequest> WaitForRequestAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
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
            return await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Signal == signal);
            }

            throw new TimeoutException(
                $"Fake upstream expected request #{count} within {timeout}; got: [{string.Join(", ", Requests)}].");
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
                signal.TrySetException(new ObjectDisposedException(GetType().Name));
            }

            _waiters.Clear();
        }

        // _shutdown stays undisposed: a handler still unwinding may read its token.
    }

    /// <summary>The base URL for the port Kestrel picked.</summary>
    private protected abstract Uri BaseUrlFor(int port);

    /// <summary>The answer to a chat request when neither the queue nor the responder gave one.</summary>
    private protected abstract TScript Echo();

    /// <summary>The answer to any other route.</summary>
    private protected abstract TScript OtherRoute(string method, string path);

    /// <summary>Surfacing a test's own responder bug as a 500 keeps it visible in the gateway's error path.</summary>
    private protected abstract TScript ResponderFailed(Exception ex);

    private protected abstract FakeExchange CreateExchange(HttpContext context, RecordedUpstreamRequest request, TScript script, CancellationToken shutdown);

    /// <summary>Starts listening on an ephemeral loopback port.</summary>
    private protected async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeUpstreamServer<>).Assembly.GetName().Name,
        });

        // A test project's appsettings.json or ASPNETCORE_* variables must not add endpoints or limits here.
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.Run(HandleAsync);
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
        _app = app;
        Port = new Uri(address).Port;
        BaseUrl = BaseUrlFor(Port);
    }

    /// <summary>Record, pick a script, play it.</summary>
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

        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var isChat = HttpMethods.IsPost(method) && path == ChatPath;
        RecordedUpstreamRequest recorded;
        TScript? script = null;
        lock (_gate)
        {
            // Numbering, recording and dequeuing under one lock keeps the n-th recorded chat
            // request paired with the n-th queued script, however requests race.
            recorded = new RecordedUpstreamRequest(_requests.Count + 1, context.Request, body);
            _requests.Add(recorded);
            if (isChat && _queue.Count > 0)
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

        script ??= isChat ? Respond(recorded) : OtherRoute(method, path);
        await CreateExchange(context, recorded, script, _shutdown.Token).RunAsync();
    }

    private TScript Respond(RecordedUpstreamRequest request)
    {
        try
        {
            return Responder?.Invoke(request) ?? Echo();
        }
        catch (Exception ex)
        {
            return ResponderFailed(ex);
        }
    }
}

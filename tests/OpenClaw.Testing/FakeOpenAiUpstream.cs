using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Testing;

/// <summary>
/// An OpenAI-compatible model server on a real loopback socket. Tests script its answers
/// (<see cref="Enqueue(FakeUpstreamResponse)"/>, <see cref="Responder"/>) and inspect what the gateway sent and whether
/// it hung up (<see cref="Requests"/>, <see cref="RecordedUpstreamRequest.Completion"/>).
/// A real socket, unlike TestServer, lets the gateway's own HttpClient, timeouts and
/// cancellation run exactly as in production.
/// </summary>
public sealed partial class FakeOpenAiUpstream : IAsyncDisposable
{
    public const string ChatCompletionsPath = "/v1/chat/completions";
    public const string ModelsPath = "/v1/models";

    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<RecordedUpstreamRequest> _requests = [];
    private readonly Queue<FakeUpstreamResponse> _queue = new();
    private readonly List<(int Count, TaskCompletionSource<RecordedUpstreamRequest> Signal)> _waiters = [];
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _app;
    private int _disposed;

    private FakeOpenAiUpstream()
    {
    }

    /// <summary>e.g. <c>http://127.0.0.1:54321/v1</c>, no trailing slash: what a provider's base URL is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>Listed by <c>GET /v1/models</c> and reported when a request names no model.</summary>
    public string ModelId { get; set; } = "fake-model";

    /// <summary>Consulted for chat requests when the queue is empty; a null result means the echo reply.</summary>
    public Func<RecordedUpstreamRequest, FakeUpstreamResponse?>? Responder { get; set; }

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

    /// <summary>Chat completion requests only (what most assertions want).</summary>
    public IReadOnlyList<RecordedUpstreamRequest> ChatRequests =>
        [.. Requests.Where(r => r.Path == ChatCompletionsPath)];

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

    /// <summary>Starts a fake on an ephemeral loopback port.</summary>
    public static async Task<FakeOpenAiUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeOpenAiUpstream();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeOpenAiUpstream).Assembly.GetName().Name,
        });

        // A test project's appsettings.json or ASPNETCORE_* variables must not add endpoints or limits here.
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.Run(fake.HandleAsync);
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
        fake._app = app;
        fake.Port = new Uri(address).Port;
        fake.BaseUrl = new Uri($"http://127.0.0.1:{fake.Port}/v1");
        return fake;
    }

    /// <summary>Queues a scripted answer for the next chat request that finds the queue non-empty.</summary>
    public void Enqueue(FakeUpstreamResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            _queue.Enqueue(response);
        }
    }

    /// <summary>Queues several scripted answers, in order.</summary>
    public void Enqueue(params FakeUpstreamResponse[] responses)
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
                signal.TrySetException(new ObjectDisposedException(nameof(FakeOpenAiUpstream)));
            }

            _waiters.Clear();
        }

        // _shutdown stays undisposed: a handler still unwinding may read its token.
    }
}

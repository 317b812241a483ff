using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// A web server on 127.0.0.1 serving test images, redirects and misbehaviour, recording each path it is asked for.
/// Routes: <c>/png</c>, <c>/pdf</c> (labelled image/png), <c>/size/{n}</c> (a PNG of n bytes, <c>?chunked</c> for no
/// Content-Length), <c>/hops/{n}</c> (n redirects, then the PNG), <c>/to?location=…</c> (one redirect), <c>/slow</c>, <c>/cut</c> (drops mid-body),
/// <c>/missing</c> (404), and any path given a body with <see cref="Serve"/>.
/// </summary>
internal sealed class ImageServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _hits = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, string? ContentType)> _served = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    public int Port { get; private set; }

    /// <summary>Paths requested so far, in order.</summary>
    public IReadOnlyList<string> Hits => [.. _hits];

    public static async Task<ImageServer> StartAsync()
    {
        var server = new ImageServer();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(ImageServer).Assembly.GetName().Name });
        ((Microsoft.Extensions.Configuration.IConfigurationBuilder)builder.Configuration).Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        server._app = builder.Build();
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        server.Port = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return server;
    }

    /// <summary>An absolute URL on this server with <paramref name="host"/> (resolved by the test's guard, or a literal).</summary>
    public Uri Url(string pathAndQuery, string host = "127.0.0.1") => new($"http://{host}:{Port}{pathAndQuery}");

    /// <summary>Answers <paramref name="path"/> with <paramref name="body"/>, and that Content-Type (none when null).</summary>
    public void Serve(string path, byte[] body, string? contentType) => _served[path] = (body, contentType);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.Enqueue(path);
        if (_served.TryGetValue(path, out var served))
        {
            if (served.ContentType is not null)
            {
                context.Response.ContentType = served.ContentType;
            }

            context.Response.ContentLength = served.Body.Length;
            await context.Response.Body.WriteAsync(served.Body);
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["png"]:
                await WriteAsync(context, TestImages.Png, "image/png");
                break;
            case ["pdf"]:
                await WriteAsync(context, TestImages.Pdf, "image/png");
                break;
            case ["size", var n]:
                var bytes = TestImages.PngOfSize(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
                if (context.Request.Query.ContainsKey("chunked"))
                {
                    context.Response.ContentType = "image/png";
                    await context.Response.Body.WriteAsync(bytes);
                }
                else
                {
                    await WriteAsync(context, bytes, "image/png");
                }

                break;
            case ["hops", var left]:
                var remaining = int.Parse(left, System.Globalization.CultureInfo.InvariantCulture);
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = remaining <= 1 ? "/png" : $"/hops/{remaining - 1}";
                break;
            case ["to"]:
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = context.Request.Query["location"].ToString();
                break;
            case ["cut"]:
                context.Response.ContentType = "image/png";
                context.Response.ContentLength = 4096;
                await context.Response.Body.WriteAsync(TestImages.Png.AsMemory(0, 16));
                await context.Response.Body.FlushAsync();
                await Task.Delay(100);
                context.Abort();
                break;
            case ["slow"]:
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static Task WriteAsync(HttpContext context, byte[] bytes, string type)
    {
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    }
}

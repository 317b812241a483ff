using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using OpenClaw.Core.Memory;

namespace OpenClaw.Gateway.Http;

/// <summary>Why a request body could not be read (http-api.md §2.4).</summary>
internal enum BodyReadFailure
{
    None,
    TooLarge,
    Timeout,
    ConnectionClosed,

    /// <summary>The gateway's budget of body bytes in flight cannot take this body now (503, <c>Retry-After</c>).</summary>
    Busy,
}

/// <summary>
/// Reads a POST body with the endpoint's size limit (by Content-Length at once, else by counting) and a read
/// timeout. Every byte is first reserved in the request's <see cref="BodyBudget.Lease"/>. A body with a
/// Content-Length is read into one buffer of exactly that size (no doubling copies); one without grows as data
/// arrives. Buffers come from <see cref="PayloadBuffers"/>: a large body goes back to the GC, not into a pool.
/// </summary>
internal static class RequestBodyReader
{
    private const int ChunkedInitialBytes = 16 * 1024;

    public static async Task<(PooledBody? Body, BodyReadFailure Failure)> ReadAsync(HttpContext context, long limit, TimeSpan timeout, BodyBudget.Lease lease)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            return (null, BodyReadFailure.TooLarge);
        }

        // Our limit and envelope apply, not Kestrel's 30 MB default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        // The read timeout below is the body's only clock: Kestrel's minimum data rate (240 B/s after a 5 s grace)
        // would answer a client that merely pauses with its own 408 long before the spec's 30 s. A trickling client
        // is still cut off, since the timeout bounds the whole read.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = null;
        }

        // A declared length is reserved whole before anything is read or allocated; it cannot grow (Kestrel ends
        // the body there), and a client that sends less only fails its own request.
        var capacity = declared is { } length ? (int)length : ChunkedInitialBytes;
        if (!lease.TryGrow(capacity))
        {
            return (null, BodyReadFailure.Busy);
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeoutCts.CancelAfter(timeout);
        var buffer = PayloadBuffers.Rent<byte>(Math.Max(capacity, 1));
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (declared is not null)
                    {
                        // Kestrel never returns more than the declared length; one more read confirms the end.
                        var probe = await context.Request.Body.ReadAsync(new byte[1], timeoutCts.Token).ConfigureAwait(false);
                        if (probe == 0)
                        {
                            break;
                        }
                    }

                    var grown = (int)Math.Min((long)buffer.Length * 2, limit + 1);
                    if (!lease.TryGrow(grown - buffer.Length))
                    {
                        PayloadBuffers.Return(buffer);
                        return (null, BodyReadFailure.Busy);
                    }

                    var larger = PayloadBuffers.Rent<byte>(grown);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    PayloadBuffers.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(total), timeoutCts.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    PayloadBuffers.Return(buffer);
                    return (null, BodyReadFailure.TooLarge);
                }
            }

            if (declared is { } expected && total < expected)
            {
                PayloadBuffers.Return(buffer);
                return (null, BodyReadFailure.ConnectionClosed);
            }

            return (new PooledBody(buffer, total), BodyReadFailure.None);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            PayloadBuffers.Return(buffer);
            return (null, BodyReadFailure.Timeout);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel timed the body out itself: the client is too slow either way.
            PayloadBuffers.Return(buffer);
            return (null, BodyReadFailure.Timeout);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            PayloadBuffers.Return(buffer);
            return (null, BodyReadFailure.ConnectionClosed);
        }
    }
}

/// <summary>A request body in a buffer from <see cref="PayloadBuffers"/>; dispose hands it back.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            PayloadBuffers.Return(rented);
        }
    }
}

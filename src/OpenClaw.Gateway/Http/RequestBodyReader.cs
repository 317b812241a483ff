using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace OpenClaw.Gateway.Http;

/// <summary>Why a request body could not be read (http-api.md §2.4).</summary>
internal enum BodyReadFailure
{
    None,
    TooLarge,
    Timeout,
    ConnectionClosed,
}

/// <summary>
/// Reads a POST body with the endpoint's size limit (by Content-Length at once, else by counting) and a read
/// timeout, into a pooled buffer.
/// </summary>
internal static class RequestBodyReader
{
    public static async Task<(PooledBody? Body, BodyReadFailure Failure)> ReadAsync(HttpContext context, long limit, TimeSpan timeout)
    {
        if (context.Request.ContentLength > limit)
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

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeoutCts.CancelAfter(timeout);
        // The claimed length only sizes the first buffer up to 64 KiB: a client must send bytes to make it grow.
        var initial = context.Request.ContentLength is > 0 and var length ? (int)Math.Min(length, 64 * 1024) : 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
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
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, BodyReadFailure.TooLarge);
                }
            }

            return (new PooledBody(buffer, total), BodyReadFailure.None);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, BodyReadFailure.Timeout);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel timed the body out itself: the client is too slow either way.
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, BodyReadFailure.Timeout);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, BodyReadFailure.ConnectionClosed);
        }
    }
}

/// <summary>A request body in a rented array; dispose returns it to the pool.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

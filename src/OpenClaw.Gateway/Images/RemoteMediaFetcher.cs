using System.Net;
using System.Net.Sockets;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Images;

/// <summary>
/// Fetches a remote image or file with an SSRF guard (http-api.md §4.6, §6.5): http(s) only, no local host names, the
/// optional host allowlist, every resolved address public and the connection made to one of those very addresses (so
/// a second DNS answer cannot swap in a private one), each redirect checked again and counted, one deadline for the
/// whole fetch, only a 2xx answer, and the size capped while reading.
/// </summary>
internal sealed partial class RemoteMediaFetcher : IDisposable
{
    private static readonly string[] BlockedHosts = ["localhost", "localhost.localdomain", "metadata.google.internal"];
    private static readonly string[] BlockedSuffixes = [".localhost", ".local", ".internal"];

    private readonly RemoteFetchGuard _guard;
    private readonly HttpClient _client;
    private readonly ILogger _logger;

    public RemoteMediaFetcher(ILogger<RemoteMediaFetcher> logger)
        : this(RemoteFetchGuard.Default, logger)
    {
    }

    internal RemoteMediaFetcher(RemoteFetchGuard guard, ILogger<RemoteMediaFetcher> logger)
    {
        _guard = guard;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,

            // A proxy would make the connection (and the checks) about the proxy, not about the image's host.
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseDrainSize = 0,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("OpenClaw-Gateway/1.0");
    }

    /// <summary>
    /// The body, at most <paramref name="maxBytes"/> long, with its <c>Content-Type</c>; or why the URL was refused.
    /// A cancelled <paramref name="cancellationToken"/> aborts the fetch and throws.
    /// </summary>
    public async Task<RemoteFetchResult> FetchAsync(Uri url, IRemoteInputLimits limits, long maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.TimeoutMs);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (CheckUrl(url, limits) is { } refusal)
                {
                    return Refused(url, refusal);
                }

                using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    if (redirects >= limits.MaxRedirects)
                    {
                        return Refused(url, $"more than {limits.MaxRedirects} redirects");
                    }

                    if (response.Headers.Location is not { } location)
                    {
                        return Refused(url, "redirect without a Location");
                    }

                    url = new Uri(url, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Refused(url, $"status {(int)response.StatusCode}");
                }

                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    return Refused(url, $"Content-Length {response.Content.Headers.ContentLength} over the {maxBytes}-byte cap");
                }

                var body = await ReadCappedAsync(response.Content, maxBytes, deadline.Token).ConfigureAwait(false);
                return body is { } bytes
                    ? new RemoteFetchResult(bytes, null) { ContentType = ContentTypeOf(response.Content) }
                    : Refused(url, $"body over the {maxBytes}-byte cap");
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Refused(url, $"no complete answer within {limits.TimeoutMs} ms");
        }
        catch (HttpRequestException ex)
        {
            return Refused(url, (ex.InnerException as BlockedAddressException)?.Message ?? ex.Message);
        }
        catch (IOException ex)
        {
            // The connection broke while the body was read.
            return Refused(url, ex.Message);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Scheme, host name and allowlist; the addresses are checked when connecting.</summary>
    internal static string? CheckUrl(Uri url, IRemoteInputLimits limits)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            return "only http and https URLs are fetched";
        }

        var host = HostOf(url);
        if (Array.IndexOf(BlockedHosts, host) >= 0 || BlockedSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal)))
        {
            return "local host names are refused";
        }

        return limits.UrlAllowlist.Count == 0 || limits.UrlAllowlist.Any(pattern => MatchesHost(host, pattern))
            ? null
            : "host is not in the urlAllowlist";
    }

    /// <summary>An exact host, or <c>*.example.com</c> for its subdomains (not for <c>example.com</c> itself).</summary>
    internal static bool MatchesHost(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.Ordinal)
            : host == pattern;

    private static string HostOf(Uri url) => url.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    /// <summary>The header as sent, unparsed: the caller reads the type and charset leniently.</summary>
    private static string? ContentTypeOf(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // As for request bodies, a claimed length sizes the first buffer up to 64 KiB only: the bytes must come.
            using var body = new MemoryStream((int)Math.Min(content.Headers.ContentLength ?? maxBytes, Math.Min(64 * 1024, maxBytes)));
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }

            return body.GetBuffer().AsMemory(0, (int)body.Length);
        }
    }

    /// <summary>
    /// Resolves the host once, refuses it unless every address passes the guard, then connects to those addresses
    /// only: what was checked is what is used.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _guard.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0 || !addresses.All(_guard.IsAllowedAddress))
        {
            throw new BlockedAddressException($"{host} resolves to a private, loopback or otherwise non-public address");
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"could not connect to {host}", last);
    }

    private RemoteFetchResult Refused(Uri url, string reason)
    {
        Log.FetchRefused(_logger, url.IdnHost, reason);
        return new RemoteFetchResult(default, reason);
    }

    private sealed class BlockedAddressException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, EventName = "RemoteFetchRefused", Level = LogLevel.Warning, Message = "remote media from {Host} refused: {Reason}")]
        public static partial void FetchRefused(ILogger logger, string host, string reason);
    }
}


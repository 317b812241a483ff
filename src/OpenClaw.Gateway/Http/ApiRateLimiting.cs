using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The optional per-client request limit of the HTTP API (<see cref="GatewayRateLimitOptions"/>), on ASP.NET Core's
/// rate limiter: a token bucket per partition; an exhausted bucket is <c>429</c> in the OpenAI envelope with
/// <c>Retry-After</c>. It runs after authentication, so only callers that got in spend tokens (guessing is the
/// failed-auth limiter's business).
/// </summary>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayRateLimitOptions>, GatewayAuthState>((limiter, options, auth) =>
        {
            var settings = options.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                settings.RequestsPerMinute == 0 || context.GetEndpoint()?.Metadata.GetMetadata<GatewayEndpoint>() is not { IsApi: true }
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context, settings, auth.Current), _ => Bucket(settings)));
            limiter.OnRejected = (rejected, _) => RejectAsync(rejected, settings);
        });
        return services;
    }

    private static TokenBucketRateLimiterOptions Bucket(GatewayRateLimitOptions settings) => new()
    {
        TokenLimit = settings.Burst > 0 ? settings.Burst : settings.RequestsPerMinute,
        // One token at a time, evenly over the minute, rather than the whole minute's worth at once.
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.RequestsPerMinute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static string PartitionKey(HttpContext context, GatewayRateLimitOptions settings, GatewayAuthSettings auth)
    {
        if (settings.PartitionBy == "credential" && GatewayAuthenticationHandler.BearerCredential(context.Request) is { } credential)
        {
            // A digest, so the partition table never holds a secret.
            return "credential:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
        }

        return "client:" + ClientAddress.LimiterKey(ClientAddress.Resolve(context, auth.TrustedProxies));
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, GatewayRateLimitOptions settings)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait
            : TimeSpan.FromMinutes(1) / settings.RequestsPerMinute;
        var seconds = (long)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        await new OpenAiFailure(
            StatusCodes.Status429TooManyRequests,
            new OpenAiError(
                $"Too many requests: this client may make {settings.RequestsPerMinute} requests per minute. Retry after {seconds} s.",
                OpenAiErrorTypes.RateLimited,
                "rate_limit_exceeded"),
            TimeSpan.FromSeconds(seconds)).ExecuteAsync(rejected.HttpContext);
    }
}

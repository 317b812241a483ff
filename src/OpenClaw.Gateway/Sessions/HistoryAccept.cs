using Microsoft.Net.Http.Headers;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// Whether a history request asks for the live stream (http-api.md §8a.3), judged as the original judges it: among the
/// <c>Accept</c> ranges that name <c>text/event-stream</c> explicitly (wildcards never opt into a long-lived
/// response) and whose parameters fit <c>text/event-stream; charset=utf-8</c>, the most specific ones decide, by their
/// highest quality, which must be positive. Ranges that do not parse are skipped.
/// </summary>
internal static class HistoryAccept
{
    public static bool WantsEventStream(HttpRequest request)
    {
        if (request.Headers.Accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges))
        {
            return false;
        }

        var bestSpecificity = -1;
        var bestQuality = 0.0;
        foreach (var range in ranges)
        {
            if (!range.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) || Quality(range) is not { } quality
                || !FitsUtf8EventStream(range, out var specificity))
            {
                continue;
            }

            if (specificity > bestSpecificity)
            {
                (bestSpecificity, bestQuality) = (specificity, quality);
            }
            else if (specificity == bestSpecificity)
            {
                bestQuality = Math.Max(bestQuality, quality);
            }
        }

        return bestQuality > 0;
    }

    /// <summary>The range's quality (1 without <c>q</c>); null for a <c>q</c> that is not a valid weight.</summary>
    private static double? Quality(MediaTypeHeaderValue range)
    {
        var declared = range.Parameters.Any(p => p.Name.Equals("q", StringComparison.OrdinalIgnoreCase));
        return !declared ? 1 : range.Quality is { } quality and >= 0 and <= 1 ? quality : null;
    }

    /// <summary>True when every parameter but <c>q</c> is <c>charset=utf-8</c>; their count is the specificity.</summary>
    private static bool FitsUtf8EventStream(MediaTypeHeaderValue range, out int specificity)
    {
        specificity = 0;
        foreach (var parameter in range.Parameters)
        {
            if (parameter.Name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                || !Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parameter.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            specificity++;
        }

        return true;
    }
}

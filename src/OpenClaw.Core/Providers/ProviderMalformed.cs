namespace OpenClaw.Core.Providers;

/// <summary>What was wrong with an unreadable upstream stream: the detail of a <see cref="ProviderFailureReason.MalformedResponse"/>.</summary>
internal static class ProviderMalformed
{
    public const string NotJson = "a stream event is not valid JSON";
    public const string InvalidText = "a stream event holds invalid text (not UTF-8, or not a string where one is required)";
    public const string Oversized = "a stream event is larger than 16 MiB";
    public const string NoFinish = "the stream ended before the model finished its answer";
}

namespace OpenClaw.Gateway.Images;

/// <summary>What <see cref="RemoteMediaFetcher.FetchAsync"/> got: the body, or why there is none.</summary>
internal readonly record struct RemoteFetchResult(ReadOnlyMemory<byte> Bytes, string? Refusal)
{
    /// <summary>The answer's <c>Content-Type</c> header as sent, parameters included; null when it had none.</summary>
    public string? ContentType { get; init; }
}

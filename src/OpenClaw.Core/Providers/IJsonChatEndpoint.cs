namespace OpenClaw.Core.Providers;

/// <summary>Where an adapter that speaks JSON over plain HTTP posts its calls, with the provider's key and headers.</summary>
internal interface IJsonChatEndpoint
{
    Uri ChatUri { get; }

    /// <summary>Sent as a bearer token when there is one.</summary>
    string? ApiKey { get; }

    IReadOnlyDictionary<string, string> Headers { get; }
}

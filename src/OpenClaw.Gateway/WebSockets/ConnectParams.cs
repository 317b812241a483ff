using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The parts of <c>ConnectParams</c> we act on; the rest is accepted and ignored (§3.2). Property names were
/// checked with the frame (<see cref="SocketRequest.ParamsFault"/>); strings are read through <see cref="JsonText"/>.
/// </summary>
internal sealed record ConnectParams(int Protocol, string ClientId, string ClientMode, IReadOnlyList<string> Scopes, IReadOnlyList<string> Caps, string? Token, string? Password)
{
    public static ConnectParams Parse(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } p)
        {
            throw Invalid("must be object");
        }

        var min = Integer(p, "minProtocol");
        var max = Integer(p, "maxProtocol");
        if (!p.TryGetProperty("client", out var client) || client.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("must have required property 'client'");
        }

        var clientId = RequiredString(client, "id", "/client");
        var version = RequiredString(client, "version", "/client");
        var platform = RequiredString(client, "platform", "/client");
        var mode = RequiredString(client, "mode", "/client");
        _ = (version, platform);
        if (!SocketProtocol.ClientIds.Contains(clientId))
        {
            throw Invalid("/client/id must be equal to one of the allowed values");
        }

        if (!SocketProtocol.ClientModes.Contains(mode))
        {
            throw Invalid("/client/mode must be equal to one of the allowed values");
        }

        if (p.TryGetProperty("role", out var role))
        {
            if (role.ValueKind != JsonValueKind.String)
            {
                throw Invalid("/role must be string");
            }

            if (!JsonText.TryGetString(role, out var roleText))
            {
                throw Invalid("/role " + InvalidText);
            }

            if (roleText != "operator")
            {
                throw SocketRequestException.Invalid("invalid role");
            }
        }

        var scopes = StringArray(p, "scopes");
        var caps = StringArray(p, "caps");
        string? token = null;
        string? password = null;
        if (p.TryGetProperty("auth", out var auth) && auth.ValueKind != JsonValueKind.Null)
        {
            if (auth.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("/auth must be object");
            }

            token = OptionalString(auth, "token", "/auth");
            password = OptionalString(auth, "password", "/auth");
        }

        var negotiated = Math.Min(max, SocketProtocol.Version);
        if (negotiated < Math.Max(min, SocketProtocol.OldestVersion))
        {
            throw SocketRequestException.Invalid("protocol mismatch", new JsonObject { ["expectedProtocol"] = SocketProtocol.Version });
        }

        return new ConnectParams(negotiated, clientId, mode, scopes, caps, token is { Length: > 0 } ? token : null, password is { Length: > 0 } ? password : null);
    }

    private const string InvalidText = $"must be valid text ({JsonText.Fault})";

    private static SocketRequestException Invalid(string detail) => SocketRequestException.Invalid("invalid connect params: " + detail);

    private static int Integer(JsonElement p, string name)
    {
        if (!p.TryGetProperty(name, out var value))
        {
            throw Invalid($"must have required property '{name}'");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw Invalid($"/{name} must be integer");
        }

        return number;
    }

    private static string RequiredString(JsonElement p, string name, string path) =>
        OptionalString(p, name, path) ?? throw Invalid(path.Length == 0 ? $"must have required property '{name}'" : $"{path} must have required property '{name}'");

    private static string? OptionalString(JsonElement p, string name, string path)
    {
        if (!p.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"{path}/{name} must be string");
        }

        return JsonText.TryGetString(value, out var text) ? text : throw Invalid($"{path}/{name} {InvalidText}");
    }

    private static List<string> StringArray(JsonElement p, string name)
    {
        if (!p.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"/{name} must be array of strings");
        }

        return [.. value.EnumerateArray().Select(item => JsonText.TryGetString(item, out var text) ? text : throw Invalid($"/{name} {InvalidText}"))];
    }
}

using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the agent targets a client may put in <c>model</c> (http-api.md §5).</summary>
internal static class ModelsEndpoints
{
    public const string ItemPrefix = "/v1/models/";

    public static void MapModelsEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/models", ListModels)
            .WithGatewayRoute(api: true, enabled: Enabled)
            .RequireAuthorization(GatewayScopes.Read)
            .WithName("ListModels")
            .WithSummary("The agent targets: openclaw, openclaw/default and openclaw/<agentId> for each agent.");

        // The id may itself contain '/' (openclaw/main) or an encoded one (openclaw%2Fmain); it is read from the raw target.
        group.MapGet("/models/{**id}", GetModel)
            .WithGatewayRoute(api: true, enabled: Enabled)
            .RequireAuthorization(GatewayScopes.Read)
            .WithName("GetModel")
            .WithSummary("One agent target by id (URL-decoded once).");
    }

    /// <summary>Models are listed when either OpenAI-compatible endpoint is on (http-api.md §1.2 row 3).</summary>
    private static bool Enabled(ConfigSnapshot snapshot) =>
        snapshot.Config.Gateway.Http.ChatCompletionsEnabled || snapshot.Config.Gateway.Http.ResponsesEnabled;

    /// <summary>Ids in insertion order without duplicates: openclaw, openclaw/default, the default agent, every agent.</summary>
    public static List<string> ModelIds(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var ids = new List<string> { "openclaw", "openclaw/default", "openclaw/" + snapshot.Agents.DefaultAgentId };
        foreach (var agent in snapshot.Agents.Agents)
        {
            var id = "openclaw/" + agent.Id;
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>
    /// Decodes percent escapes once, strictly: a <c>%</c> without two hex digits or bytes that are not UTF-8 fail,
    /// as <c>decodeURIComponent</c> does in the original.
    /// </summary>
    public static bool TryDecode(string encoded, out string decoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        decoded = encoded;
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            if (i + 2 >= encoded.Length || !Uri.IsHexDigit(encoded[i + 1]) || !Uri.IsHexDigit(encoded[i + 2]))
            {
                return false;
            }

            bytes.Add((byte)Convert.ToInt32(encoded.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static JsonBodyResult<ModelList> ListModels([FromServices] IConfigSource config) =>
        JsonBody.Ok(new ModelList(ModelIds(config.Current).ConvertAll(id => new ModelObject(id))), GatewayJson.Context.ModelList);

    private static Results<JsonBodyResult<ModelObject>, OpenAiFailure> GetModel(HttpContext context, [FromServices] IConfigSource config)
    {
        // Routing has decoded the path already, except %2F; the raw target keeps the client's exact escapes.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target.StartsWith(ItemPrefix, StringComparison.Ordinal)
            ? target
            : context.Request.Path.Value ?? "";
        var encoded = raw[ItemPrefix.Length..];
        var query = encoded.IndexOf('?', StringComparison.Ordinal);
        encoded = query >= 0 ? encoded[..query] : encoded;
        if (encoded.Length == 0)
        {
            return OpenAiFailure.BadRequest("Missing model id.");
        }

        if (!TryDecode(encoded, out var id))
        {
            return OpenAiFailure.BadRequest("Invalid model id encoding.");
        }

        return ModelIds(config.Current).Contains(id)
            ? JsonBody.Ok(new ModelObject(id), GatewayJson.Context.ModelObject)
            : new OpenAiFailure(StatusCodes.Status404NotFound, new OpenAiError($"Model '{id}' not found.", OpenAiErrorTypes.InvalidRequest));
    }
}

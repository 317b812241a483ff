using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>agents.list</c> and <c>models.list</c> (gateway-protocol.md §6.10, §6.11).</summary>
internal sealed class CatalogMethods(IConfigSource config, IProcessEnvironment environment) : ISocketMethods
{
    public void Register(SocketMethodTable table)
    {
        table.Add("agents.list", GatewayScopes.Read, ListAgents);
        table.Add("models.list", GatewayScopes.Read, ListModels);
    }

    private Task<JsonNode?> ListAgents(SocketCall call)
    {
        var snapshot = config.Current;
        var agents = new JsonArray();
        foreach (var agent in snapshot.Agents.Agents)
        {
            var item = new JsonObject
            {
                ["id"] = agent.Id,
                ["name"] = agent.Name ?? agent.Id,
                ["workspace"] = snapshot.Agents.WorkspaceFor(agent.Id),
            };
            var primary = ModelResolver.ConfiguredRef(snapshot.Config, agent.Id)
                ?? (snapshot.Config.Models.Providers.Count == 0 ? "echo/echo" : null);
            if (primary is not null)
            {
                item["model"] = new JsonObject { ["primary"] = primary };
            }

            if (agent.Identity is { } identity)
            {
                var json = new JsonObject();
                foreach (var (key, value) in new[] { ("name", identity.Name), ("emoji", identity.Emoji), ("avatar", identity.Avatar) })
                {
                    if (value is not null)
                    {
                        json[key] = value;
                    }
                }

                item["identity"] = json;
            }

            agents.Add((JsonNode)item);
        }

        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["defaultId"] = snapshot.Agents.DefaultAgentId,
            ["mainKey"] = snapshot.Config.Session.MainKey,
            ["scope"] = snapshot.Config.Session.Scope == "global" ? "global" : "per-sender",
            ["agents"] = agents,
        });
    }

    /// <summary>Every model of every declared provider, in config order; <c>available</c> when its credentials resolve.</summary>
    private Task<JsonNode?> ListModels(SocketCall call)
    {
        var cfg = config.Current.Config;
        var models = new JsonArray();
        foreach (var provider in cfg.Models.Providers)
        {
            foreach (var model in provider.Models)
            {
                var (resolved, _) = ModelResolver.ResolveRef(cfg, $"{provider.Id}/{model.Id}", environment);
                models.Add((JsonNode)new JsonObject
                {
                    ["id"] = model.Id,
                    ["name"] = model.Name ?? model.Id,
                    ["provider"] = provider.Id,
                    ["contextWindow"] = model.ContextWindow,
                    ["reasoning"] = model.Reasoning,
                    ["available"] = resolved is not null,
                });
            }
        }

        if (cfg.Models.Providers.Count == 0)
        {
            var echo = ModelResolver.Echo();
            models.Add((JsonNode)new JsonObject
            {
                ["id"] = echo.Definition.Id,
                ["name"] = echo.Definition.Name,
                ["provider"] = echo.Ref.Provider,
                ["contextWindow"] = echo.Definition.ContextWindow,
                ["reasoning"] = false,
                ["available"] = true,
            });
        }

        return Task.FromResult<JsonNode?>(new JsonObject { ["models"] = models });
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Access;

/// <summary>
/// The REST API's <c>access_control</c> JSON and the <c>access_grant</c> rows that store it (openwebui-schema.md §4):
/// <c>null</c> is one grant (<c>user</c>, <c>*</c>, <c>read</c>), public read; <c>{}</c> is no grant (owner and
/// admins only); <c>{read: {user_ids, group_ids}, write: {...}}</c> is one row per id and permission.
/// </summary>
internal static class AccessControlJson
{
    private static readonly string[] Permissions = ["read", "write"];

    /// <summary>Reads an <c>access_control</c> value: JSON null, or an object whose <c>read</c>/<c>write</c> hold lists of ids.</summary>
    public static bool TryParse(JsonNode? node, [NotNullWhen(true)] out List<(string PrincipalType, string PrincipalId, string Permission)>? grants, out string error)
    {
        grants = [];
        error = "";
        if (node is null)
        {
            grants.Add((ResourceTypes.UserPrincipal, ResourceTypes.Everyone, "read"));
            return true;
        }

        if (node is not JsonObject obj)
        {
            error = "'access_control' must be null or an object";
            grants = null;
            return false;
        }

        foreach (var permission in Permissions)
        {
            if (obj[permission] is null)
            {
                continue;
            }

            if (obj[permission] is not JsonObject lists)
            {
                error = $"'access_control.{permission}' must be an object";
                grants = null;
                return false;
            }

            foreach (var (key, principal) in new[] { ("user_ids", ResourceTypes.UserPrincipal), ("group_ids", ResourceTypes.GroupPrincipal) })
            {
                if (lists[key] is null)
                {
                    continue;
                }

                if (lists[key] is not JsonArray ids || ids.Count > 10_000 || ids.Any(i => i is not JsonValue v || !v.TryGetValue<string>(out var s) || s.Length is 0 or > 256))
                {
                    error = $"'access_control.{permission}.{key}' must be a list of ids";
                    grants = null;
                    return false;
                }

                foreach (var id in ids.Select(i => i!.GetValue<string>()).Distinct(StringComparer.Ordinal))
                {
                    grants.Add((principal, id, permission));
                }
            }
        }

        return true;
    }

    /// <summary>The rows for <paramref name="grants"/> on one resource.</summary>
    public static IEnumerable<AccessGrantRow> Rows(string resourceType, string resourceId, IEnumerable<(string PrincipalType, string PrincipalId, string Permission)> grants, long nowSeconds) =>
        grants.Select(g => new AccessGrantRow
        {
            Id = Guid.NewGuid().ToString(),
            ResourceType = resourceType,
            ResourceId = resourceId,
            PrincipalType = g.PrincipalType,
            PrincipalId = g.PrincipalId,
            Permission = g.Permission,
            CreatedAt = nowSeconds,
        });

    /// <summary>
    /// The <c>access_control</c> JSON of a resource's grants (the mapping back): <c>*</c> alone for read is <c>null</c>;
    /// anything else has both lists of both permissions (empty lists mean the same as Open WebUI's <c>{}</c>).
    /// </summary>
    public static JsonObject? ToJson(IReadOnlyCollection<AccessGrantRow> grants)
    {
        if (grants.Count == 1 && grants.First() is { PrincipalType: ResourceTypes.UserPrincipal, PrincipalId: ResourceTypes.Everyone, Permission: "read" })
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var permission in Permissions)
        {
            var of = grants.Where(g => g.Permission == permission).ToList();
            json[permission] = new JsonObject
            {
                ["group_ids"] = new JsonArray([.. of.Where(g => g.PrincipalType == ResourceTypes.GroupPrincipal).Select(g => (JsonNode)g.PrincipalId)]),
                ["user_ids"] = new JsonArray([.. of.Where(g => g.PrincipalType == ResourceTypes.UserPrincipal).Select(g => (JsonNode)g.PrincipalId)]),
            };
        }

        return json;
    }
}

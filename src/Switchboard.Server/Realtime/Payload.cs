using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Switchboard.Server.Realtime;

/// <summary>Bounded readers for event payloads: each returns false with a reason instead of throwing.</summary>
internal static class Payload
{
    /// <summary>Longest id (user, channel, chat, message, note, model) accepted.</summary>
    public const int MaxIdLength = 512;

    public static bool IsObject(JsonElement payload, [NotNullWhen(false)] out string? error)
    {
        error = payload.ValueKind == JsonValueKind.Object ? null : "the payload must be an object";
        return error is null;
    }

    /// <summary>A required non-empty string property of at most <paramref name="maxLength"/> characters.</summary>
    public static bool TryString(JsonElement obj, string name, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error, int maxLength = MaxIdLength)
    {
        value = null;
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string";
            return false;
        }

        var text = element.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            error = $"'{name}' must be 1 to {maxLength} characters";
            return false;
        }

        value = text;
        error = null;
        return true;
    }

    /// <summary>An optional string property: absent or null gives null; anything but a bounded string is an error.</summary>
    public static bool TryOptionalString(JsonElement obj, string name, out string? value, [NotNullWhen(false)] out string? error, int maxLength = MaxIdLength)
    {
        value = null;
        error = null;
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return TryString(obj, name, out value, out error, maxLength);
    }

    /// <summary>The token of <c>{"auth": {"token": "..."}}</c>.</summary>
    public static bool TryAuthToken(JsonElement payload, [NotNullWhen(true)] out string? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.Object)
        {
            error = "'auth' must be an object with a token";
            return false;
        }

        return TryString(auth, "token", out token, out error, Auth.JwtToken.MaxLength);
    }
}

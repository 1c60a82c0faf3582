using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Server.Auth;

/// <summary>
/// HS256 JSON Web Tokens as Open WebUI issues them (PyJWT, key = the UTF-8 bytes of <c>WEBUI_SECRET_KEY</c>).
/// Pure: no clock of its own, no I/O. Only <c>alg: HS256</c> is accepted; <c>none</c> and every other algorithm are
/// refused before the signature is looked at.
/// </summary>
public static class JwtToken
{
    /// <summary>Tokens longer than this are refused unread.</summary>
    public const int MaxLength = 8192;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    /// <summary>Checks <paramref name="token"/>'s form, algorithm, signature and expiry at <paramref name="nowSeconds"/>.</summary>
    public static bool TryValidate(
        string? token,
        ReadOnlySpan<byte> key,
        double nowSeconds,
        [NotNullWhen(true)] out JwtClaims? claims,
        out JwtFailure failure)
    {
        claims = null;
        failure = JwtFailure.Malformed;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.IndexOf('.', second + 1) >= 0 || second == token.Length - 1)
        {
            return false;
        }

        if (!TryDecode(token.AsSpan(0, first), out var header) || !TryDecode(token.AsSpan(first + 1, second - first - 1), out var payload) ||
            !TryDecode(token.AsSpan(second + 1), out var signature))
        {
            return false;
        }

        if (!TryReadAlgorithm(header, out var algorithm))
        {
            return false;
        }

        if (algorithm != "HS256")
        {
            failure = JwtFailure.WrongAlgorithm;
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(token, 0, second), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            failure = JwtFailure.BadSignature;
            return false;
        }

        if (!TryReadClaims(payload, out claims, out failure))
        {
            return false;
        }

        // PyJWT refuses when exp <= now - leeway, with no leeway by default; the same here.
        if (claims.ExpiresAt is { } exp && exp <= nowSeconds)
        {
            claims = null;
            failure = JwtFailure.Expired;
            return false;
        }

        return true;
    }

    /// <summary>Creates an HS256 token with the given claims (as Open WebUI's <c>create_token</c>).</summary>
    public static string Create(JwtClaims claims, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", claims.UserId);
            if (claims.ExpiresAt is { } exp)
            {
                writer.WriteNumber("exp", (long)exp);
            }

            if (claims.TokenId is { } jti)
            {
                writer.WriteString("jti", jti);
            }

            if (claims.IssuedAt is { } iat)
            {
                writer.WriteNumber("iat", (long)iat);
            }

            writer.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(buffer.ToArray());
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static bool TryDecode(ReadOnlySpan<char> part, out byte[] bytes)
    {
        bytes = [];
        // TryDecodeFromChars throws on characters outside the alphabet: check them first.
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(part.Length)];
        if (!Base64Url.TryDecodeFromChars(part, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    private static bool TryReadAlgorithm(byte[] header, [NotNullWhen(true)] out string? algorithm)
    {
        algorithm = null;
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String)
            {
                algorithm = alg.GetString()!;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static bool TryReadClaims(byte[] payload, [NotNullWhen(true)] out JwtClaims? claims, out JwtFailure failure)
    {
        claims = null;
        failure = JwtFailure.Malformed;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } userId)
            {
                failure = JwtFailure.MissingUserId;
                return false;
            }

            if (!TryNumber(root, "exp", out var exp) || !TryNumber(root, "iat", out var iat))
            {
                return false;
            }

            string? jti = null;
            if (root.TryGetProperty("jti", out var jtiElement))
            {
                if (jtiElement.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                jti = jtiElement.GetString();
            }

            claims = new JwtClaims { UserId = userId, ExpiresAt = exp, IssuedAt = iat, TokenId = jti };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // An absent claim is fine; a present one must be a number (PyJWT refuses a non-numeric exp/iat).
    private static bool TryNumber(JsonElement root, string name, out double? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number))
        {
            return false;
        }

        value = number;
        return true;
    }
}

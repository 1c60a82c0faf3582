using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Switchboard.Server.Api.Auths;

/// <summary>
/// An argon2id hash in the PHC string form argon2-cffi writes (Open WebUI's argon2 hashes):
/// <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, salt and hash in base64
/// without padding. Only version 19 (0x13) is read, with bounded parameters, so a stored hash cannot make a
/// sign-in allocate without limit.
/// </summary>
internal sealed record Argon2Hash(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash)
{
    public const string Prefix = "$argon2id$";
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 64;
    private const int MaxParallelism = 64;

    public static bool TryParse(string? text, [NotNullWhen(true)] out Argon2Hash? hash)
    {
        hash = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        var parts = text.Split('$');
        if (parts.Length != 6 || parts[2] != "v=19")
        {
            return false;
        }

        int? m = null, t = null, p = null;
        foreach (var pair in parts[3].Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[..eq])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return false;
            }
        }

        if (m is not { } memory || t is not { } iterations || p is not { } lanes ||
            lanes is < 1 or > MaxParallelism || iterations is < 1 or > MaxIterations || memory < 8 * lanes || memory > MaxMemoryKiB ||
            !TryDecode(parts[4], out var salt) || salt.Length < 8 || !TryDecode(parts[5], out var digest) || digest.Length is < 4 or > 1024)
        {
            return false;
        }

        hash = new Argon2Hash(memory, iterations, lanes, salt, digest);
        return true;
    }

    // PHC strings use standard base64 without '=' padding.
    private static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length is 0 or > 2048 || text.Length % 4 == 1)
        {
            return false;
        }

        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Konscious.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Api.Auths;

/// <summary>
/// Passwords as Open WebUI stores them in <c>auth.password</c>: new hashes are bcrypt <c>$2b$</c>; bcrypt hashes
/// (<c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>) verify on the first 72 UTF-8 bytes of the password (bcrypt's key length,
/// which Python's bcrypt applies too), and argon2id hashes (<see cref="Argon2Hash"/>) verify by their own parameters.
/// </summary>
internal sealed partial class PasswordHasher(IOptions<ApiOptions> options)
{
    /// <summary>bcrypt reads at most this many bytes of a password.</summary>
    public const int MaxPasswordBytes = 72;

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(options.Value.BcryptWorkFactor, 'b'));
    }

    public static async Task<bool> VerifyAsync(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (stored is null || password.Length == 0)
        {
            return false;
        }

        if (BcryptPattern().IsMatch(stored))
        {
            // BCrypt.Net keys Blowfish with the UTF-8 bytes and uses the first 72, as OpenBSD and Python's bcrypt do.
            return BCrypt.Net.BCrypt.Verify(password, stored);
        }

        if (Argon2Hash.TryParse(stored, out var argon2))
        {
            using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
            {
                Salt = argon2.Salt,
                Iterations = argon2.Iterations,
                MemorySize = argon2.MemoryKiB,
                DegreeOfParallelism = argon2.Parallelism,
            };
            var computed = await argon.GetBytesAsync(argon2.Hash.Length);
            return CryptographicOperations.FixedTimeEquals(computed, argon2.Hash);
        }

        return false;
    }

    // $2a$/$2b$/$2y$, a two-digit cost, 22 characters of salt and 31 of hash in bcrypt's base64.
    [GeneratedRegex(@"^\$2[aby]\$[0-3][0-9]\$[./A-Za-z0-9]{53}$", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptPattern();
}

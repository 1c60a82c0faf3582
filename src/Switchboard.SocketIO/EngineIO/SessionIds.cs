using System.Buffers.Text;
using System.Security.Cryptography;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>Random, unguessable, URL-safe ids of 20 characters (socketio-wire.md §3.2 and §5.2).</summary>
internal static class SessionIds
{
    // 15 random bytes are exactly 20 base64url characters, with no padding.
    private const int RandomBytes = 15;

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}

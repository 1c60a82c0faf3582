using System.Buffers.Text;
using System.Security.Cryptography;

namespace Switchboard.SocketIO;

/// <summary>
/// Socket ids and recovery session ids: 20 URL-safe base64 characters (15 random bytes), the length Node uses
/// (the sharded Redis adapter tells socket ids from rooms by that length, socketio-wire.md §5.2).
/// </summary>
internal static class SocketId
{
    public static string New()
    {
        Span<byte> random = stackalloc byte[15];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}

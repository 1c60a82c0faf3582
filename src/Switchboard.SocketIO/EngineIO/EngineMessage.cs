using System.Text;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// The payload of one Engine.IO <c>message</c> packet (type 4): either UTF-8 text or binary.
/// </summary>
/// <remarks>
/// For text, <see cref="Data"/> holds the UTF-8 bytes of the message <em>without</em> the Engine.IO
/// type character. Outgoing messages may be shared by many connections (a broadcast encodes once),
/// so their bytes must never be changed after they are handed to
/// <see cref="IEngineConnection.TrySend(EngineMessage)"/>. Incoming messages are only valid until the
/// handler call that received them returns: copy what must outlive it.
/// </remarks>
public readonly struct EngineMessage
{
    /// <summary>Creates a message from raw bytes.</summary>
    /// <param name="data">UTF-8 text or binary bytes.</param>
    /// <param name="isBinary"><see langword="true"/> for a binary message.</param>
    public EngineMessage(ReadOnlyMemory<byte> data, bool isBinary)
    {
        Data = data;
        IsBinary = isBinary;
    }

    /// <summary>The UTF-8 text bytes or the binary bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary><see langword="true"/> for a binary message, <see langword="false"/> for text.</summary>
    public bool IsBinary { get; }

    /// <summary>Creates a text message.</summary>
    public static EngineMessage Text(string text) => new(Encoding.UTF8.GetBytes(text), isBinary: false);

    /// <summary>Creates a text message from UTF-8 bytes.</summary>
    public static EngineMessage Utf8(ReadOnlyMemory<byte> utf8) => new(utf8, isBinary: false);

    /// <summary>Creates a binary message.</summary>
    public static EngineMessage Binary(ReadOnlyMemory<byte> data) => new(data, isBinary: true);

    /// <summary>Decodes a text message as a string (for tests and diagnostics).</summary>
    public override string ToString() => IsBinary ? $"<binary {Data.Length} bytes>" : Encoding.UTF8.GetString(Data.Span);
}

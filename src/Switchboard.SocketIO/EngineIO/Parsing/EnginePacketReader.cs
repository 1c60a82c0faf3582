using System.Buffers;
using System.Buffers.Text;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO.Parsing;

/// <summary>
/// Decodes one Engine.IO packet in its text form: a polling record or a WebSocket text frame.
/// See <see cref="EnginePacketWriter.WriteText"/> for the format.
/// </summary>
internal static class EnginePacketReader
{
    /// <summary>The marker of a base64 binary message (<c>b</c>), used instead of a type digit.</summary>
    public const byte BinaryMarker = (byte)'b';

    private const byte FirstTypeDigit = (byte)'0';
    private const byte LastTypeDigit = (byte)'6';

    /// <summary>
    /// Decodes <paramref name="text"/>. The returned text data slices <paramref name="text"/> (no copy);
    /// base64 binary data is decoded into a new array.
    /// </summary>
    /// <exception cref="InvalidDataException">Empty input, an unknown type character, or bad base64.</exception>
    public static EnginePacket ReadText(ReadOnlyMemory<byte> text)
    {
        if (text.IsEmpty)
        {
            throw new InvalidDataException("Empty Engine.IO packet.");
        }

        var first = text.Span[0];
        if (first == BinaryMarker)
        {
            return new EnginePacket(EnginePacketType.Message, DecodeBase64(text.Span[1..]), IsBinary: true);
        }

        if (first is < FirstTypeDigit or > LastTypeDigit)
        {
            throw new InvalidDataException($"Unknown Engine.IO packet type 0x{first:X2}.");
        }

        return new EnginePacket((EnginePacketType)(first - FirstTypeDigit), text[1..]);
    }

    /// <summary>Decodes a record that may span several segments (copied only when it does).</summary>
    public static EnginePacket ReadText(in ReadOnlySequence<byte> text) =>
        ReadText(text.IsSingleSegment ? text.First : text.ToArray());

    private static byte[] DecodeBase64(ReadOnlySpan<byte> base64)
    {
        // Padded base64 decodes to exactly 3 bytes per 4 characters, less one per '='; allocate that once.
        var padding = base64.EndsWith("=="u8) ? 2 : base64.EndsWith("="u8) ? 1 : 0;
        var exact = base64.Length % 4 == 0 ? (base64.Length / 4 * 3) - padding : Base64.GetMaxDecodedFromUtf8Length(base64.Length);
        var decoded = new byte[exact];
        var status = Base64.DecodeFromUtf8(base64, decoded, out var consumed, out var written);
        if (status != OperationStatus.Done || consumed != base64.Length)
        {
            throw new InvalidDataException("Invalid base64 in an Engine.IO binary packet.");
        }

        return written == decoded.Length ? decoded : decoded.AsSpan(0, written).ToArray();
    }
}

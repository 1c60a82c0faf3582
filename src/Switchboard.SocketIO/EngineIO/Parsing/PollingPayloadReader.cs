using System.Buffers;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO.Parsing;

/// <summary>
/// Splits a polling payload (a POST body) into packets.
/// See <see cref="EnginePacketWriter.WritePayloadRecord"/> for the format.
/// </summary>
internal static class PollingPayloadReader
{
    /// <summary>
    /// Reads the next packet. Returns <see langword="false"/> (consuming nothing) when no whole record is buffered yet:
    /// a record ends at a 0x1E separator, or at the end of the body once <paramref name="isFinalBlock"/>.
    /// The caller bounds the body by maxPayload before buffering it.
    /// </summary>
    /// <exception cref="InvalidDataException">An empty record, an unknown type, or bad base64.</exception>
    public static bool TryParsePacket(ref ReadOnlySequence<byte> input, bool isFinalBlock, out EnginePacket packet)
    {
        if (input.IsSingleSegment)
        {
            // The usual case (a POST body read in one piece): a span search instead of a SequenceReader.
            var memory = input.First;
            var end = memory.Span.IndexOf(EnginePacketWriter.RecordSeparator);
            if (end < 0 && !(isFinalBlock && !memory.IsEmpty))
            {
                packet = default;
                return false;
            }

            packet = EnginePacketReader.ReadText(end < 0 ? memory : memory[..end]);
            input = end < 0 ? input.Slice(input.End) : input.Slice(end + 1);
            return true;
        }

        var reader = new SequenceReader<byte>(input);
        if (reader.TryReadTo(out ReadOnlySequence<byte> record, EnginePacketWriter.RecordSeparator, advancePastDelimiter: true))
        {
            packet = EnginePacketReader.ReadText(record);
            input = input.Slice(reader.Position);
            return true;
        }

        if (isFinalBlock && !input.IsEmpty)
        {
            packet = EnginePacketReader.ReadText(input);
            input = input.Slice(input.End);
            return true;
        }

        packet = default;
        return false;
    }
}

using System.Text;

namespace Switchboard.SocketIO.EngineIO.Packets;

/// <summary>
/// One Engine.IO packet. <see cref="Data"/> is the payload after the type character: UTF-8 text, or raw
/// bytes when <see cref="IsBinary"/> (only message packets are ever binary).
/// </summary>
internal readonly record struct EnginePacket(EnginePacketType Type, ReadOnlyMemory<byte> Data, bool IsBinary = false)
{
    public static readonly EnginePacket Ping = new(EnginePacketType.Ping, ReadOnlyMemory<byte>.Empty);
    public static readonly EnginePacket Noop = new(EnginePacketType.Noop, ReadOnlyMemory<byte>.Empty);
    public static readonly EnginePacket Close = new(EnginePacketType.Close, ReadOnlyMemory<byte>.Empty);
    public static readonly EnginePacket ProbePong = new(EnginePacketType.Pong, "probe"u8.ToArray());

    /// <summary>The message packet that carries <paramref name="message"/>.</summary>
    public static EnginePacket FromMessage(EngineMessage message) => new(EnginePacketType.Message, message.Data, message.IsBinary);

    /// <summary>The application view of a message packet.</summary>
    public EngineMessage ToMessage() => new(Data, IsBinary);

    /// <summary><see langword="true"/> for a ping or pong whose data is <c>probe</c> (the upgrade handshake).</summary>
    public bool IsProbe => !IsBinary && Data.Span.SequenceEqual("probe"u8);

    /// <summary>For diagnostics and test failure messages.</summary>
    public override string ToString() => IsBinary
        ? $"{Type} <{Data.Length} bytes>"
        : $"{(int)Type}{Encoding.UTF8.GetString(Data.Span)}";
}

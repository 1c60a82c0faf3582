using System.Diagnostics.CodeAnalysis;
using System.Text;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// Turns the Engine.IO messages of one connection into Socket.IO packets: a text packet, then as many binary
/// messages as it announced attachments. Pure and single-threaded (one per connection, fed in arrival order).
/// Bad input throws <see cref="InvalidDataException"/>; the decoder is then unusable, as the connection closes.
/// </summary>
internal sealed class SocketPacketDecoder : IDisposable
{
    private readonly int _maxAttachments;
    private IncomingPacket? _pending;

    // The last non-default namespace seen, so steady traffic on "/admin" does not allocate a string per packet.
    private byte[] _lastNamespaceUtf8 = [];
    private string _lastNamespace = "/";

    public SocketPacketDecoder(int maxAttachments = SocketPacketReader.DefaultMaxAttachments)
    {
        _maxAttachments = maxAttachments;
    }

    /// <summary><see langword="true"/> while binary attachments of a packet are still expected.</summary>
    public bool IsAwaitingAttachments => _pending is not null;

    /// <summary>Decodes a text message. Returns <see langword="false"/> when the packet waits for attachments.</summary>
    public bool TryDecodeText(ReadOnlySpan<byte> text, [NotNullWhen(true)] out IncomingPacket? packet)
    {
        if (_pending is not null)
        {
            throw new InvalidDataException("A text packet arrived while binary attachments were expected.");
        }

        var header = SocketPacketReader.ReadHeader(text, _maxAttachments);
        if (header.HasNamespace && !System.Text.Unicode.Utf8.IsValid(text.Slice(header.NamespaceStart, header.NamespaceLength)))
        {
            throw new InvalidDataException("The namespace is not valid UTF-8.");
        }

        var nsp = header.HasNamespace ? GetNamespace(text.Slice(header.NamespaceStart, header.NamespaceLength)) : "/";
        var data = SocketPacketReader.ReadPayload(header.Type, text[header.PayloadStart..]);
        if (header.Attachments > 0)
        {
            try
            {
                Placeholders.Validate(data!.RootElement, header.Attachments);
            }
            catch
            {
                data!.Dispose();
                throw;
            }
        }

        packet = new IncomingPacket(header.Type, nsp, header.AckId, data, header.Attachments);
        if (header.Attachments > 0)
        {
            _pending = packet;
            packet = null;
            return false;
        }

        return true;
    }

    /// <summary>Adds a binary attachment. Returns <see langword="true"/> with the packet once its last attachment arrived.</summary>
    public bool TryDecodeBinary(ReadOnlySpan<byte> data, [NotNullWhen(true)] out IncomingPacket? packet)
    {
        var pending = _pending ?? throw new InvalidDataException("A binary message arrived but no attachment was expected.");

        // The message buffer belongs to the transport: keep a copy.
        pending.Attachments[pending.ReceivedAttachments++] = data.ToArray();
        if (!pending.IsComplete)
        {
            packet = null;
            return false;
        }

        _pending = null;
        packet = pending;
        return true;
    }

    public void Dispose()
    {
        _pending?.Dispose();
        _pending = null;
    }

    private string GetNamespace(ReadOnlySpan<byte> utf8)
    {
        if (utf8.SequenceEqual(_lastNamespaceUtf8))
        {
            return _lastNamespace;
        }

        if (utf8.Length == 1)
        {
            // "/" written explicitly ("0/,"): the default namespace.
            return "/";
        }

        _lastNamespace = Encoding.UTF8.GetString(utf8);
        _lastNamespaceUtf8 = utf8.ToArray();
        return _lastNamespace;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Switchboard.Server.Chat;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>
/// The compatible form's content event of one reply, <c>{chat_id, message_id, data: {type: "chat:completion", data:
/// {content}}}</c> with the whole content so far, kept as UTF-8 JSON in one pooled buffer that each delta extends: a
/// word costs its own escaping and one copy of the event, never a new serialisation of the content so far (which
/// grows with every word, G11).
/// </summary>
internal sealed class CompatibleContent : IDisposable
{
    private const int MaxEscapedBytesPerByte = 6; // \u00XX
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private byte[] _buffer;
    private int _length; // the prefix and the escaped content, without the closing "}}}
    private char _heldHighSurrogate; // a delta's last char when it opens a surrogate pair: written with the next delta

    public CompatibleContent(ChatEventTarget target)
    {
        var prefix = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(prefix, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString("chat_id"u8, target.ChatId);
            json.WriteString("message_id"u8, target.MessageId);
            json.WriteStartObject("data"u8);
            json.WriteString("type"u8, "chat:completion");
            json.WriteStartObject("data"u8);
            json.WritePropertyName("content"u8);
        }

        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1024, prefix.WrittenCount * 4));
        prefix.WrittenSpan.CopyTo(_buffer);
        _length = prefix.WrittenCount;
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>Appends <paramref name="delta"/> to the content.</summary>
    public void Append(string delta)
    {
        ReadOnlySpan<char> text = delta;
        string? joined = null;
        if (_heldHighSurrogate != default)
        {
            joined = string.Concat(new ReadOnlySpan<char>(in _heldHighSurrogate), text);
            text = joined;
            _heldHighSurrogate = default;
        }

        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            _heldHighSurrogate = text[^1];
            text = text[..^1];
        }

        if (text.IsEmpty)
        {
            return;
        }

        var utf8Length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = utf8Length > 1024 ? ArrayPool<byte>.Shared.Rent(utf8Length) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[1024];
        try
        {
            var count = Encoding.UTF8.GetBytes(text, utf8);
            Reserve((count * MaxEscapedBytesPerByte) + 8);
            var status = Encoder.EncodeUtf8(utf8[..count], _buffer.AsSpan(_length), out _, out var written, isFinalBlock: true);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException($"Escaping a delta stopped with {status}.");
            }

            _length += written;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The event as it stands (valid until the next <see cref="Append"/>).</summary>
    public EncodedJson Event
    {
        get
        {
            Reserve(4);
            "\"}}}"u8.CopyTo(_buffer.AsSpan(_length));
            return new EncodedJson(_buffer.AsMemory(0, _length + 4));
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reserve(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}

using System.Buffers;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

/// <summary>
/// The arguments of an incoming event or ack: raw <see cref="JsonElement"/>s, typed binding through
/// System.Text.Json, and binary attachments.
/// </summary>
/// <remarks>
/// Event arguments are valid until the handlers that received them complete; copy (or <see cref="Get{T}(int)"/>)
/// what must live longer. Passing a <see cref="SocketArgs"/> as an argument to an emit or ack spreads its
/// arguments, binary attachments included (an echo is <c>e.AckAsync(e.Args)</c>).
/// </remarks>
public sealed class SocketArgs : IReadOnlyList<JsonElement>
{
    private static readonly JsonDocument EmptyDocument = JsonDocument.Parse("[]");

    private readonly JsonDocument _document;
    private readonly JsonElement _root;
    private readonly int _offset;
    private readonly ReadOnlyMemory<byte>[] _attachments;
    private readonly JsonSerializerOptions _options;

    internal SocketArgs(JsonDocument document, int offset, ReadOnlyMemory<byte>[] attachments, JsonSerializerOptions options)
    {
        _document = document;
        _root = document.RootElement;
        _offset = offset;
        _attachments = attachments;
        _options = SocketJson.Freeze(options);
    }

    /// <summary>No arguments.</summary>
    public static SocketArgs Empty { get; } = new(EmptyDocument, 0, [], SocketJson.Default);

    /// <summary>The number of arguments.</summary>
    public int Count => _root.GetArrayLength() - _offset;

    /// <summary>The binary attachments, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary><see langword="true"/> when the packet carried binary attachments.</summary>
    public bool HasAttachments => _attachments.Length > 0;

    internal JsonSerializerOptions SerializerOptions => _options;

    /// <summary>The argument at <paramref name="index"/> as raw JSON (a binary argument is a placeholder object).</summary>
    public JsonElement this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _root[_offset + index];
        }
    }

    /// <summary>
    /// Binds the argument at <paramref name="index"/> to <typeparamref name="T"/> with the server's
    /// <see cref="JsonSerializerOptions"/>. A missing argument gives <see langword="default"/>.
    /// <c>byte[]</c> and <see cref="ReadOnlyMemory{T}"/> of bytes bind to a binary attachment, at any depth.
    /// </summary>
    /// <exception cref="NotSupportedException">The options' resolver has no metadata for <typeparamref name="T"/>
    /// (in a trimmed or native AOT application, add a <c>JsonSerializerContext</c> that declares it).</exception>
    public T? Get<T>(int index) => Bind<T>(index, typeInfo: null);

    /// <summary>
    /// Binds the argument at <paramref name="index"/> with the given source-generated metadata, whatever the server's
    /// options resolve. Otherwise as <see cref="Get{T}(int)"/>.
    /// </summary>
    public T? Get<T>(int index, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Bind(index, typeInfo);
    }

    /// <summary>The binary attachment at argument <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The argument is not a binary placeholder.</exception>
    public ReadOnlyMemory<byte> GetBytes(int index) => GetBytes(this[index]);

    private T? Bind<T>(int index, JsonTypeInfo<T>? typeInfo)
    {
        if (index >= Count)
        {
            return default;
        }

        var element = this[index];
        if (typeof(T) == typeof(JsonElement))
        {
            return (T)(object)element;
        }

        if (typeof(T) == typeof(ReadOnlyMemory<byte>))
        {
            return (T)(object)GetBytes(element);
        }

        if (typeof(T) == typeof(byte[]))
        {
            return (T)(object)ToArray(GetBytes(element));
        }

        typeInfo ??= SocketJson.TypeInfo<T>(_options);
        if (_attachments.Length == 0)
        {
            return element.Deserialize(typeInfo);
        }

        // Placeholders may sit anywhere inside the value: rewrite them as base64 strings, which
        // System.Text.Json binds to byte[] members.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteWithBase64(writer, element);
        }

        return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
    }

    /// <summary>The binary attachment a placeholder element stands for.</summary>
    public bool TryGetBytes(JsonElement element, out ReadOnlyMemory<byte> bytes)
    {
        if (Placeholders.TryGetIndex(element, out var num) && num < _attachments.Length)
        {
            bytes = _attachments[num];
            return true;
        }

        bytes = default;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<JsonElement> GetEnumerator()
    {
        var count = Count;
        for (var i = 0; i < count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The arguments as JSON (for logs and tests).</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var element in this)
            {
                element.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads arguments from a JSON array (for adapters: acks and server-side events from other servers). Placeholders in
    /// <paramref name="jsonArray"/> refer to <paramref name="attachments"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The JSON is not an array.</exception>
    public static SocketArgs Parse(ReadOnlySpan<byte> jsonArray, IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null, JsonSerializerOptions? options = null)
    {
        var document = SocketPacketReader.ReadPayload(Packets.SocketPacketType.Ack, jsonArray)!;
        return new SocketArgs(document, 0, attachments is null ? [] : [.. attachments], options ?? SocketJson.Default);
    }

    /// <summary>The arguments as a struct enumerator, positioned after the event name (no allocation).</summary>
    internal JsonElement.ArrayEnumerator EnumerateArguments()
    {
        var enumerator = _root.EnumerateArray();
        for (var i = 0; i < _offset && enumerator.MoveNext(); i++)
        {
        }

        return enumerator;
    }

    internal static SocketArgs FromPacket(JsonDocument document, int offset, ReadOnlyMemory<byte>[] attachments, JsonSerializerOptions options) =>
        new(document, offset, attachments, options);

    /// <summary>Returns the pooled JSON buffer. The arguments must not be read afterwards.</summary>
    internal void Release()
    {
        if (!ReferenceEquals(_document, EmptyDocument))
        {
            _document.Dispose();
        }
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private ReadOnlyMemory<byte> GetBytes(JsonElement element) =>
        TryGetBytes(element, out var bytes) ? bytes : throw new InvalidOperationException("The argument is not a binary attachment.");

    private void WriteWithBase64(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when TryGetBytes(element, out var bytes):
                writer.WriteBase64StringValue(bytes.Span);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteWithBase64(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteWithBase64(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}

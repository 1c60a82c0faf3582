using System.Globalization;
using System.Text;
using System.Text.Json;
using MessagePack;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO.Redis.Protocol;

// The broadcast fast path's readers of opts: the same rules as Read(JsonElement), straight from msgpack or JSON bytes.
internal static partial class WireOptions
{
    /// <summary>Reads <c>opts</c> from msgpack (see <see cref="Write"/> for the format); malformed input throws the reader's exceptions.</summary>
    public static BroadcastOptions Read(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            reader.Skip();
            return BroadcastOptions.All;
        }

        string[] rooms = [], except = [];
        var flags = default(BroadcastFlags);
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            switch (key)
            {
                case "rooms":
                    rooms = ReadRooms(ref reader);
                    break;
                case "except":
                    except = ReadRooms(ref reader);
                    break;
                case "flags" when reader.NextMessagePackType == MessagePackType.Map:
                    flags = ReadFlags(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new BroadcastOptions { Rooms = rooms, Except = except, Flags = flags };
    }

    /// <summary>Reads <c>opts</c> from JSON; malformed input throws <see cref="JsonException"/>.</summary>
    public static BroadcastOptions Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return BroadcastOptions.All;
        }

        string[] rooms = [], except = [];
        var flags = default(BroadcastFlags);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRooms = reader.ValueTextEquals("rooms"u8);
            var isExcept = !isRooms && reader.ValueTextEquals("except"u8);
            var isFlags = !isRooms && !isExcept && reader.ValueTextEquals("flags"u8);
            reader.Read();
            if (isRooms)
            {
                rooms = ReadRooms(ref reader);
            }
            else if (isExcept)
            {
                except = ReadRooms(ref reader);
            }
            else if (isFlags && reader.TokenType == JsonTokenType.StartObject)
            {
                flags = ReadFlags(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new BroadcastOptions { Rooms = rooms, Except = except, Flags = flags };
    }

    private static string? ReadKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return reader.ReadString();
        }

        reader.Skip();
        return null;
    }

    // Strings, and numbers as their text (Node allows numeric rooms); anything else is left out.
    private static string[] ReadRooms(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            reader.Skip();
            return [];
        }

        var count = reader.ReadArrayHeader();
        if (count == 0)
        {
            return [];
        }

        var rooms = new List<string>(Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.String:
                    rooms.Add(reader.ReadString()!);
                    break;
                case MessagePackType.Integer:
                    rooms.Add(reader.NextCode == MessagePackCode.UInt64
                        ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture)
                        : reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
                    break;
                case MessagePackType.Float:
                    var number = reader.ReadDouble();
                    if (double.IsFinite(number))
                    {
                        rooms.Add(number.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return [.. rooms];
    }

    private static string[] ReadRooms(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var rooms = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    rooms.Add(reader.GetString()!);
                    break;
                case JsonTokenType.Number:
                    rooms.Add(reader.TryGetInt64(out var integer) ? integer.ToString(CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return [.. rooms];
    }

    private static BroadcastFlags ReadFlags(ref MessagePackReader reader)
    {
        bool isVolatile = false;
        bool? compress = null;
        TimeSpan? timeout = null;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            var type = reader.NextMessagePackType;
            if (key == "volatile" && type == MessagePackType.Boolean)
            {
                isVolatile = reader.ReadBoolean();
            }
            else if (key == "compress" && type == MessagePackType.Boolean)
            {
                compress = reader.ReadBoolean();
            }
            else if (key == "timeout" && type is MessagePackType.Integer or MessagePackType.Float)
            {
                var ms = type == MessagePackType.Integer && reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadDouble();
                timeout = double.IsFinite(ms) && ms >= 0 ? TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue)) : null;
            }
            else
            {
                reader.Skip();
            }
        }

        return new BroadcastFlags(Volatile: isVolatile, Local: false, Compress: compress, Timeout: timeout);
    }

    private static BroadcastFlags ReadFlags(ref Utf8JsonReader reader)
    {
        bool isVolatile = false;
        bool? compress = null;
        TimeSpan? timeout = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVolatileKey = reader.ValueTextEquals("volatile"u8);
            var isCompress = reader.ValueTextEquals("compress"u8);
            var isTimeout = reader.ValueTextEquals("timeout"u8);
            reader.Read();
            if (isVolatileKey)
            {
                isVolatile = reader.TokenType == JsonTokenType.True;
            }
            else if (isCompress && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                compress = reader.GetBoolean();
            }
            else if (isTimeout && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var ms) && ms >= 0)
            {
                timeout = TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue));
            }

            reader.Skip();
        }

        return new BroadcastFlags(Volatile: isVolatile, Local: false, Compress: compress, Timeout: timeout);
    }
}

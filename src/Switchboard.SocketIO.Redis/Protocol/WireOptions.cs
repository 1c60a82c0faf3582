using System.Globalization;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>Broadcast options on the wire: <c>{rooms:[..], except:[..], flags:{..}}</c> (socketio-wire.md §5.1).</summary>
internal static partial class WireOptions
{
    // Written as a map, keys in the adapter's order (the emitter writes rooms, flags, except; readers go by name):
    //   rooms  : array of str
    //   except : array of str
    //   flags  : map, only the flags that are set: volatile (true), compress (bool), local (true), timeout (ms)
    // Requests that carry no flags (fetch, join, leave, disconnect) write rooms and except only.
    public static void Write(ref MessageWriter writer, BroadcastOptions options, bool withFlags)
    {
        writer.StartMap(withFlags ? 3 : 2);
        writer.Key("rooms");
        writer.StringArray(options.Rooms);
        writer.Key("except");
        writer.StringArray(options.Except);
        if (withFlags)
        {
            writer.Key("flags");
            WriteFlags(ref writer, options.Flags);
        }

        writer.EndMap();
    }

    /// <summary>See <see cref="Write"/> for the format. Missing parts are empty; unknown flags are ignored.</summary>
    public static BroadcastOptions Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return BroadcastOptions.All;
        }

        var flags = default(BroadcastFlags);
        if (element.TryGetProperty("flags"u8, out var wireFlags) && wireFlags.ValueKind == JsonValueKind.Object)
        {
            flags = new BroadcastFlags(
                Volatile: IsTrue(wireFlags, "volatile"u8),
                Local: false,
                Compress: wireFlags.TryGetProperty("compress"u8, out var compress) && compress.ValueKind is JsonValueKind.True or JsonValueKind.False ? compress.GetBoolean() : null,
                Timeout: wireFlags.TryGetProperty("timeout"u8, out var timeout) && timeout.ValueKind == JsonValueKind.Number && timeout.TryGetDouble(out var ms) && ms >= 0
                    ? TimeSpan.FromMilliseconds(Math.Min(ms, int.MaxValue))
                    : null);
        }

        return new BroadcastOptions
        {
            Rooms = element.TryGetProperty("rooms"u8, out var rooms) ? ReadRooms(rooms) : [],
            Except = element.TryGetProperty("except"u8, out var except) ? ReadRooms(except) : [],
            Flags = flags,
        };
    }

    /// <summary>Room names; Node allows numbers as rooms, which arrive as numbers and are compared as their text.</summary>
    public static string[] ReadRooms(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var rooms = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    rooms.Add(item.GetString()!);
                    break;
                case JsonValueKind.Number:
                    rooms.Add(item.TryGetInt64(out var integer) ? integer.ToString(CultureInfo.InvariantCulture) : item.GetRawText());
                    break;
                default:
                    break;
            }
        }

        return [.. rooms];
    }

    private static void WriteFlags(ref MessageWriter writer, BroadcastFlags flags)
    {
        var count = (flags.Volatile ? 1 : 0) + (flags.Compress.HasValue ? 1 : 0) + (flags.Timeout.HasValue ? 1 : 0);
        writer.StartMap(count);
        if (flags.Volatile)
        {
            writer.Key("volatile");
            writer.Bool(true);
        }

        if (flags.Compress is { } compress)
        {
            writer.Key("compress");
            writer.Bool(compress);
        }

        if (flags.Timeout is { } timeout)
        {
            writer.Key("timeout");
            writer.Number((long)timeout.TotalMilliseconds);
        }

        writer.EndMap();
    }

    private static bool IsTrue(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}

using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>Writes commands as RESP2 arrays of bulk strings. Pure.</summary>
internal static class RespCommand
{
    // Written as: *<count>\r\n then for each argument $<byte length>\r\n<bytes>\r\n
    public static void Write(IBufferWriter<byte> output, params ReadOnlySpan<string> arguments)
    {
        WriteLine(output, '*', arguments.Length);
        foreach (var argument in arguments)
        {
            WriteLine(output, '$', Encoding.UTF8.GetByteCount(argument));
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(argument.Length) + 2);
            var written = Encoding.UTF8.GetBytes(argument, span);
            span[written] = (byte)'\r';
            span[written + 1] = (byte)'\n';
            output.Advance(written + 2);
        }
    }

    /// <summary>PUBLISH (SPUBLISH when <paramref name="sharded"/>) of <paramref name="message"/> on <paramref name="channel"/>.</summary>
    // Written as: *3\r\n$7\r\nPUBLISH\r\n$<channel length>\r\n<channel>\r\n$<message length>\r\n<message>\r\n
    public static void WritePublish(IBufferWriter<byte> output, bool sharded, string channel, ReadOnlySpan<byte> message)
    {
        output.Write(sharded ? "*3\r\n$8\r\nSPUBLISH\r\n"u8 : "*3\r\n$7\r\nPUBLISH\r\n"u8);
        WriteLine(output, '$', Encoding.UTF8.GetByteCount(channel));
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(channel.Length) + 2);
        var written = Encoding.UTF8.GetBytes(channel, span);
        span[written] = (byte)'\r';
        span[written + 1] = (byte)'\n';
        output.Advance(written + 2);
        WriteLine(output, '$', message.Length);
        output.Write(message);
        output.Write("\r\n"u8);
    }

    /// <summary>One command's bytes.</summary>
    public static byte[] ToArray(params ReadOnlySpan<string> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, arguments);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLine(IBufferWriter<byte> output, char marker, int number)
    {
        var span = output.GetSpan(16);
        span[0] = (byte)marker;
        if (!Utf8Formatter.TryFormat(number, span[1..], out var written))
        {
            throw new InvalidOperationException("An int always fits.");
        }

        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }
}

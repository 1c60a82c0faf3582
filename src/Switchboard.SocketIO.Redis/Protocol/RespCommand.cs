using System.Buffers;
using System.Globalization;
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

    /// <summary>One command's bytes.</summary>
    public static byte[] ToArray(params ReadOnlySpan<string> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, arguments);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLine(IBufferWriter<byte> output, char marker, int number)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{marker}{number}\r\n");
        var span = output.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        output.Advance(written);
    }
}

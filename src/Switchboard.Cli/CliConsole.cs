namespace Switchboard.Cli;

/// <summary>Where a command reads and writes: stdin/stdout/stderr (replaced by memory streams in tests) and files.</summary>
/// <param name="In">Standard input (read for the file name <c>-</c>).</param>
/// <param name="Out">Standard output (written for <c>-o -</c>, the default output).</param>
/// <param name="Error">Standard error: messages for people.</param>
public sealed record CliConsole(Stream In, Stream Out, TextWriter Error)
{
    /// <summary>The process' own streams.</summary>
    public static CliConsole System => new(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);

    /// <summary>Reads a whole input: a file, or stdin for <c>-</c>.</summary>
    public byte[] ReadInput(string path)
    {
        if (path != "-")
        {
            return File.ReadAllBytes(path);
        }

        using var buffer = new MemoryStream();
        In.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes a whole output: a file, or stdout for <c>-</c>.</summary>
    public void WriteOutput(string path, ReadOnlySpan<byte> bytes)
    {
        if (path == "-")
        {
            Out.Write(bytes);
            Out.Flush();
        }
        else
        {
            File.WriteAllBytes(path, bytes.ToArray());
        }
    }
}

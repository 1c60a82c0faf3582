using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Yjs.Lib0;

/// <summary>Throw helpers kept out of the hot read paths so those stay small enough to inline.</summary>
internal static class Lib0Throw
{
    [DoesNotReturn]
    public static void Truncated(string what, int offset) =>
        throw new YjsFormatException($"Truncated input: {what} at offset {offset} runs past the end of the data.");

    [DoesNotReturn]
    public static void Invalid(string message) => throw new YjsFormatException(message);
}

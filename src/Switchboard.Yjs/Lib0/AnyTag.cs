using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Yjs.Lib0;

/// <summary>
/// The tag byte in front of every lib0 <c>Any</c> value (lib0 <c>encoding.writeAny</c>), with the spec's numbers.
/// </summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names of lib0's Any tags.")]
public enum AnyTag : byte
{
    /// <summary>Uint8Array: <c>varUint8Array</c>.</summary>
    Bytes = 116,

    /// <summary>Array: <c>varUint</c> count, then that many <c>Any</c>.</summary>
    Array = 117,

    /// <summary>Object: <c>varUint</c> count, then (<c>varString</c> key, <c>Any</c>) pairs in insertion order.</summary>
    Object = 118,

    /// <summary>String: <c>varString</c>.</summary>
    String = 119,

    /// <summary>The boolean <c>true</c> (no payload).</summary>
    True = 120,

    /// <summary>The boolean <c>false</c> (no payload).</summary>
    False = 121,

    /// <summary>BigInt: signed 64-bit big-endian.</summary>
    BigInt = 122,

    /// <summary>A number that is neither a small integer nor float32-exact: IEEE double, big-endian.</summary>
    Float64 = 123,

    /// <summary>A number that survives a float32 round trip: IEEE single, big-endian.</summary>
    Float32 = 124,

    /// <summary>An integer with absolute value at most 2^31−1: <c>varInt</c> (sign-magnitude).</summary>
    Integer = 125,

    /// <summary><c>null</c> (no payload).</summary>
    Null = 126,

    /// <summary><c>undefined</c> (no payload).</summary>
    Undefined = 127,
}

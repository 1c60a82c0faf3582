namespace Switchboard.Yjs;

/// <summary>
/// The one exception type for a Yjs update, state vector or protocol message that is truncated,
/// malformed, hostile or over a configured limit. The message names what is wrong and where.
/// (It derives from <see cref="FormatException"/> because <see cref="InvalidDataException"/> is sealed.)
/// </summary>
public sealed class YjsFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public YjsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public YjsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public YjsFormatException()
        : base("Malformed Yjs data.")
    {
    }
}

using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Yjs.Updates;

/// <summary>The content kinds of an Item, with the numbers of the info byte's low 5 bits (yjs <c>contentRefs</c>).</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The names of yjs' content kinds.")]
public enum ContentRef : byte
{
    /// <summary>Deleted content: only a length (<c>ContentDeleted</c>).</summary>
    Deleted = 1,

    /// <summary>Legacy JSON values, one JSON text per element (<c>ContentJSON</c>).</summary>
    Json = 2,

    /// <summary>A Uint8Array (<c>ContentBinary</c>).</summary>
    Binary = 3,

    /// <summary>Text; length in UTF-16 code units (<c>ContentString</c>).</summary>
    String = 4,

    /// <summary>A text embed as JSON (<c>ContentEmbed</c>).</summary>
    Embed = 5,

    /// <summary>A formatting mark: key and JSON value (<c>ContentFormat</c>).</summary>
    Format = 6,

    /// <summary>A nested shared type (<c>ContentType</c>).</summary>
    Type = 7,

    /// <summary>lib0 Any values (<c>ContentAny</c>).</summary>
    Any = 8,

    /// <summary>A sub-document (<c>ContentDoc</c>).</summary>
    Doc = 9,
}

namespace Switchboard.Yjs.Document;

/// <summary>The content kinds of an item, numbered as in the info byte (yjs-format.md §2.3).</summary>
internal enum ContentRef
{
    Deleted = 1,
    Json = 2,
    Binary = 3,
    String = 4,
    Embed = 5,
    Format = 6,
    Type = 7,
    Any = 8,
    Doc = 9,
}

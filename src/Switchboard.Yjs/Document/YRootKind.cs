namespace Switchboard.Yjs.Document;

/// <summary>How to read a root type. Roots are untyped on the wire; the application says (or the reader infers) what each is.</summary>
public enum YRootKind
{
    /// <summary><c>Y.Text</c>: read as a string and as a delta with attributes.</summary>
    Text,

    /// <summary><c>Y.Map</c>: read as a JSON object.</summary>
    Map,

    /// <summary><c>Y.Array</c>: read as a JSON array.</summary>
    Array,

    /// <summary><c>Y.XmlFragment</c> bound to ProseMirror by y-prosemirror: read as ProseMirror JSON.</summary>
    Xml,
}

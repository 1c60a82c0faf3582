namespace Switchboard.Yjs.Updates;

/// <summary>The shared-type kinds of a <see cref="TypeContent"/>, with yjs' <c>typeRefs</c> numbers.</summary>
public enum TypeRef : byte
{
    /// <summary>Y.Array.</summary>
    Array = 0,

    /// <summary>Y.Map.</summary>
    Map = 1,

    /// <summary>Y.Text.</summary>
    Text = 2,

    /// <summary>Y.XmlElement (carries a node name).</summary>
    XmlElement = 3,

    /// <summary>Y.XmlFragment.</summary>
    XmlFragment = 4,

    /// <summary>Y.XmlHook (carries a hook name).</summary>
    XmlHook = 5,

    /// <summary>Y.XmlText.</summary>
    XmlText = 6,
}

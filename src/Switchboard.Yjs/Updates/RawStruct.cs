namespace Switchboard.Yjs.Updates;

/// <summary>
/// A struct as <see cref="StructReader"/> sees it: its ID, length and header fields, and where its parent and
/// content sections lie in the input, so that writers can copy them without decoding the content (what a
/// building read decodes goes to <see cref="StructParts"/>, so the merge's many readers do not carry it).
/// </summary>
internal struct RawStruct
{
    public StructKind Kind;
    public byte Info;
    public bool HasOrigin;
    public bool HasRightOrigin;

    /// <summary>Parent section present with bit 0x20: the key is on the wire (the decoder's non-null parentSub).</summary>
    public bool HasParentSub;
    public ulong Client;
    public ulong Clock;
    public ulong Length;
    public Id Origin;
    public Id RightOrigin;

    /// <summary>Offset of the parent section (equals <see cref="ContentStart"/> when the Item has an origin).</summary>
    public int ParentStart;
    public int ContentStart;
    public int End;

    public readonly ulong EndClock => Clock + Length;

    public readonly ContentRef ContentRef => (ContentRef)(Info & 0x1F);

    /// <summary>True when the Item has a parent section (neither origin is present).</summary>
    public readonly bool HasParent => Kind == StructKind.Item && !HasOrigin && !HasRightOrigin;
}

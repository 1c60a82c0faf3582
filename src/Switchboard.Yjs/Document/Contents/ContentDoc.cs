using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A sub-document reference (ref 9): its guid and options; sub-documents are not loaded.</summary>
internal sealed class ContentDoc(string guid, AnyValue options) : ItemContent
{
    public override ContentRef Ref => ContentRef.Doc;

    public override int Length => 1;

    public string Guid { get; } = guid;

    public AnyValue Options { get; } = options;

    // varString(guid) Any(options)
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarString(Guid);
        writer.WriteAny(Options);
    }
}

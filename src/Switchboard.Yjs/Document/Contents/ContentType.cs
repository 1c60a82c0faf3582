using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A nested shared type (ref 7).</summary>
internal sealed class ContentType(YType type) : ItemContent
{
    public override ContentRef Ref => ContentRef.Type;

    public override int Length => 1;

    public YType Type { get; } = type;

    // varUint(typeRef), then varString(nodeName) for XmlElement or varString(hookName) for XmlHook
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarUInt((ulong)Type.Kind);
        if (Type.Kind is YTypeRef.XmlElement or YTypeRef.XmlHook)
        {
            writer.WriteVarString(Type.NodeName ?? string.Empty);
        }
    }
}

using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A nested shared type (ref 7); length 1.</summary>
/// <param name="TypeRef">Which shared type.</param>
/// <param name="Name">The node name of an XmlElement or the hook name of an XmlHook; null for the other types.</param>
public sealed record TypeContent(TypeRef TypeRef, string? Name) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Type;

    /// <inheritdoc />
    public override ulong Length => 1;

    // Layout: varUint(typeRef), then varString(name) for XmlElement (3) and XmlHook (5).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt((ulong)TypeRef);
        if (TypeRef is TypeRef.XmlElement or TypeRef.XmlHook)
        {
            writer.WriteVarString(Name ?? throw new InvalidOperationException($"{TypeRef} content needs a name."));
        }
    }
}

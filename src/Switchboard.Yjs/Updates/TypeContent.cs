using Switchboard.Yjs.Document;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A nested shared type (ref 7); length 1.</summary>
/// <param name="typeRef">Which shared type.</param>
/// <param name="name">The node name of an XmlElement or the hook name of an XmlHook; null for the other types.</param>
public sealed class TypeContent(TypeRef typeRef, string? name) : ItemContent
{
    private YType? _type;

    /// <summary>Which shared type.</summary>
    public TypeRef TypeRef { get; } = typeRef;

    /// <summary>The node name of an XmlElement or the hook name of an XmlHook; null for the other types.</summary>
    public string? Name { get; } = typeRef is TypeRef.XmlElement or TypeRef.XmlHook && name is null
        ? throw new ArgumentNullException(nameof(name), $"{typeRef} content needs a name.")
        : name;

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Type;

    /// <inheritdoc />
    public override ulong Length => 1;

    /// <summary>The shared type this content holds in a document (its list, map and children), made on first use.</summary>
    internal YType Type => _type ??= new YType((YTypeRef)TypeRef, Name);

    // Layout: varUint(typeRef), then varString(name) for XmlElement (3) and XmlHook (5).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt((ulong)TypeRef);
        if (TypeRef is TypeRef.XmlElement or TypeRef.XmlHook)
        {
            writer.WriteVarString(Name!); // The constructor requires it for these two.
        }
    }
}

namespace Switchboard.Yjs.Document;

/// <summary>Limits and behaviour of a <see cref="YDoc"/>.</summary>
public sealed record YDocOptions
{
    /// <summary>Garbage-collect deleted content after each update (yjs <c>gc: true</c>, the default).</summary>
    public bool GarbageCollect { get; init; } = true;

    /// <summary>Largest update <see cref="YDoc.ApplyUpdate"/> accepts, in bytes (default 16 MiB).</summary>
    public int MaxUpdateBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays/objects inside one <c>Any</c> value (default 64).</summary>
    public int MaxAnyDepth { get; init; } = 64;

    /// <summary>
    /// Deepest nesting of shared types (an XmlElement in an XmlElement ...; default 128). yjs has no limit, but
    /// reading and deleting walk the nesting recursively, so a hostile chain of nested types is refused.
    /// </summary>
    public int MaxTypeDepth { get; init; } = 128;
}

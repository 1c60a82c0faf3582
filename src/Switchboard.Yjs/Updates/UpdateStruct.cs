namespace Switchboard.Yjs.Updates;

/// <summary>
/// One decoded struct of a v1 update: a <see cref="GcStruct"/>, <see cref="SkipStruct"/> or <see cref="ItemStruct"/>.
/// It occupies clocks <c>Id.Clock .. Id.Clock + Length − 1</c> of <c>Id.Client</c>.
/// </summary>
/// <param name="Id">The ID of the first clock unit.</param>
/// <param name="Length">The number of clock units (always at least 1).</param>
public abstract record UpdateStruct(Id Id, ulong Length)
{
    /// <summary>The clock just after this struct.</summary>
    public ulong EndClock => Id.Clock + Length;
}

/// <summary>A run of deleted, garbage-collected clocks (info byte 0).</summary>
public sealed record GcStruct(Id Id, ulong Length) : UpdateStruct(Id, Length);

/// <summary>A placeholder for clocks the update does not contain (info byte 10); produced by merges, never integrated.</summary>
public sealed record SkipStruct(Id Id, ulong Length) : UpdateStruct(Id, Length);

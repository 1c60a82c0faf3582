namespace Switchboard.Yjs.Document;

/// <summary>
/// A run of consecutive clocks of one client held by the struct store: an <see cref="Item"/> or a
/// <see cref="GcStruct"/> (yjs <c>AbstractStruct</c>). Mutable because integration splits and merges structs.
/// </summary>
internal abstract class YStruct
{
    protected YStruct(ulong client, long clock, int length)
    {
        Client = client;
        Clock = clock;
        Length = length;
    }

    public ulong Client { get; }

    public long Clock { get; set; }

    public int Length { get; set; }

    public abstract bool IsDeleted { get; }

    public ItemId Id => new(Client, Clock);

    /// <summary>The clock after the last unit.</summary>
    public long End => Clock + Length;
}

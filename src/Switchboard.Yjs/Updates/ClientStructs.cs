namespace Switchboard.Yjs.Updates;

/// <summary>One client group of an update's struct section: consecutive structs of one client.</summary>
/// <param name="Client">The client.</param>
/// <param name="Structs">The structs, with consecutive clocks starting at the first struct's clock.</param>
public sealed record ClientStructs(ulong Client, IReadOnlyList<UpdateStruct> Structs)
{
    /// <summary>The clock of the first struct.</summary>
    public ulong FirstClock => Structs[0].Id.Clock;
}

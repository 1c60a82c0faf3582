using System.Runtime.InteropServices;

namespace Switchboard.Yjs.Updates;

/// <summary>Where a walk over the struct section of a v1 update stands (see <see cref="StructReader"/>).</summary>
[StructLayout(LayoutKind.Auto)] // Packed like the class fields it replaced: a merge holds one per update.
internal struct StructCursor
{
    /// <summary>Offset of the next struct or group header; of the delete set once the walk is over.</summary>
    public int Position;

    /// <summary>Client groups not started yet.</summary>
    public ulong GroupsLeft;

    /// <summary>Structs left in the current group.</summary>
    public int StructsLeft;

    /// <summary>The current group's client and the clock of the next struct.</summary>
    public ulong Client;
    public ulong Clock;

    /// <summary>True when the struct just read is the first of its group.</summary>
    public bool StartsGroup;

    /// <summary>Offset of the current group's header.</summary>
    public int GroupOffset;
}

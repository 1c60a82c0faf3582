namespace Switchboard.Yjs.Updates;

/// <summary>The three kinds of struct in an update, numbered by their info byte (Item covers refs 1–9).</summary>
internal enum StructKind : byte
{
    Gc = 0,
    Item = 1,
    Skip = 10,
}

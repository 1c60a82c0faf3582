using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Document;

/// <summary>An update read into unintegrated structs, per client in clock order (Skips dropped), and its delete set.</summary>
internal sealed class DecodedUpdate(Dictionary<ulong, List<YStruct>> structs, DeleteSet deleteSet)
{
    public Dictionary<ulong, List<YStruct>> Structs { get; } = structs;

    public DeleteSet DeleteSet { get; } = deleteSet;

    /// <summary>
    /// Reads a v1 update with the codec's reader (<see cref="StructReader"/>, the same checks as every
    /// <see cref="YjsUpdates"/> function) straight into <see cref="Item"/> and <see cref="GcStruct"/> objects,
    /// without touching any document, so a malformed update changes nothing. On top of the format, the document
    /// keeps lengths in 32 bits and refuses a struct longer than <see cref="int.MaxValue"/>.
    /// </summary>
    public static DecodedUpdate Read(ReadOnlySpan<byte> update, int maxDepth)
    {
        var structs = new Dictionary<ulong, List<YStruct>>();
        var cursor = StructReader.Start(update);
        var s = default(RawStruct);
        var parts = default(StructParts);
        List<YStruct>? list = null;
        while (StructReader.Next(update, ref cursor, ref s, ref parts, maxDepth))
        {
            if (cursor.StartsGroup)
            {
                list = new List<YStruct>(cursor.StructsLeft + 1);
                structs[s.Client] = list; // yjs keeps the last group of a client that appears twice.
            }

            if (s.Length > int.MaxValue)
            {
                throw new YjsFormatException($"Struct of client {s.Client} at clock {s.Clock} has length {s.Length}, over the document's limit of 2^31-1.");
            }

            switch (s.Kind)
            {
                case StructKind.Gc:
                    list!.Add(new GcStruct(s.Client, (long)s.Clock, (int)s.Length)); // StartsGroup is true for the first struct.
                    break;
                case StructKind.Item:
                    list!.Add(new Item(
                        s.Client,
                        (long)s.Clock,
                        s.HasOrigin ? new ItemId(s.Origin.Client, (long)s.Origin.Clock) : null,
                        s.HasRightOrigin ? new ItemId(s.RightOrigin.Client, (long)s.RightOrigin.Clock) : null,
                        null,
                        s.HasParent && parts.ParentRoot is null ? new ItemId(parts.ParentItem.Client, (long)parts.ParentItem.Clock) : null,
                        parts.ParentSub,
                        parts.Content!) // Built for every Item.
                    {
                        ParentRootName = parts.ParentRoot,
                    });
                    break;
                default:
                    break; // A Skip: clocks the update does not carry.
            }
        }

        var deleteSet = new DeleteSet();
        var reader = new Lib0Reader(update, cursor.Position);
        var clients = reader.ReadCount("delete set client count", 2);
        for (var c = 0; c < clients; c++)
        {
            var client = reader.ReadVarUInt("delete set client");
            var ranges = reader.ReadCount("delete set range count", 2);
            for (var r = 0; r < ranges; r++)
            {
                var range = Updates.DeleteSet.ReadRange(ref reader, client);
                deleteSet.Add(client, (long)range.Clock, (long)range.Length);
            }
        }

        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"Update has {reader.Remaining} trailing bytes after the delete set at offset {reader.Position}.");
        }

        return new DecodedUpdate(structs, deleteSet);
    }
}

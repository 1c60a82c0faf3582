namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    // Structs waiting for missing clocks (yjs store.pendingStructs), per client sorted by clock, and the lowest
    // missing clock per client whose arrival triggers a retry.
    private Dictionary<ulong, List<YStruct>>? _pendingStructs;
    private Dictionary<ulong, long>? _pendingMissing;
    private DeleteSet? _pendingDeletes;

    // Scratch collections reused by every update (a document applies one update at a time).
    private readonly Dictionary<ulong, long> _beforeState = [];
    private readonly Dictionary<ulong, Queue> _queues = [];
    private readonly List<ulong> _clientIds = [];
    private readonly Stack<YStruct> _stack = new();
    private readonly Dictionary<ulong, long> _localState = [];

    /// <summary>
    /// Applies a v1 update (yjs <c>Y.applyUpdate</c>). Structs whose dependencies are missing, and deletions of
    /// clocks not yet known, are kept pending and applied when a later update supplies what they need.
    /// A malformed update throws <see cref="YjsFormatException"/> and leaves the document unchanged: it is read
    /// by the codec's reader, so the document refuses exactly what <see cref="Updates.UpdateDecoder"/> and
    /// <see cref="Updates.YjsUpdates"/> refuse (everything yjs 13.6 refuses, and input its encoder never writes),
    /// and, beyond that, structs longer than 2^31-1 clocks.
    /// </summary>
    /// <remarks>
    /// Pending state is bounded by <see cref="YDocOptions.MaxPendingStructs"/>,
    /// <see cref="YDocOptions.MaxPendingDeleteRanges"/> and <see cref="YDocOptions.MaxPendingBytes"/>: before
    /// changing anything, the update is checked for what it would leave pending (the pending structs and the
    /// update's structs that could still not be integrated, the delete ranges beyond the resulting state); an
    /// update that would exceed a limit is refused with a <see cref="YjsFormatException"/> naming the limit, and
    /// the document (content, state vector, pending) is left unchanged, as for a malformed update. Updates that
    /// leave nothing new pending are never refused by these limits, so a client that fills the pending limits
    /// cannot block updates that integrate directly.
    /// </remarks>
    public void ApplyUpdate(ReadOnlySpan<byte> update)
    {
        if (update.Length > _options.MaxUpdateBytes)
        {
            throw new YjsFormatException($"Update of {update.Length} bytes exceeds the limit of {_options.MaxUpdateBytes} bytes.");
        }

        var decoded = DecodedUpdate.Read(update, _options.MaxAnyDepth);
        var contributesPending = CheckPendingLimits(decoded, update.Length);
        foreach (var structs in decoded.Structs.Values)
        {
            foreach (var s in structs)
            {
                if (s is Item { ParentRootName: { } name } item)
                {
                    item.Parent = GetOrCreateRoot(name);
                    item.ParentRootName = null;
                }
            }
        }

        var transaction = new Transaction(_store, _beforeState, _options.MaxTypeDepth);
        try
        {
            Apply(transaction, decoded.Structs, decoded.DeleteSet);
            _pendingBytes = !HasPending ? 0 : _pendingBytes + (contributesPending ? update.Length : 0);
            Cleanup(transaction);
        }
        catch (InvalidOperationException e)
        {
            // A well-formed update whose references contradict the document (only hostile peers produce one).
            // yjs would throw too; the document keeps what was integrated before the contradiction.
            throw new YjsFormatException($"Update could not be integrated: {e.Message}", e);
        }
        finally
        {
            CountPendingStructs();
        }
    }

    // yjs readUpdateV2: integrate, remember what is left, apply deletions, retry pending when it became applicable.
    private void Apply(Transaction transaction, Dictionary<ulong, List<YStruct>> structs, DeleteSet deletes)
    {
        var rest = IntegrateStructs(transaction, structs, out var restMissing);
        var retry = false;
        if (_pendingStructs is not null)
        {
            foreach (var (client, clock) in _pendingMissing!)
            {
                if (clock < _store.GetState(client))
                {
                    retry = true;
                    break;
                }
            }

            if (rest is not null)
            {
                foreach (var (client, clock) in restMissing!)
                {
                    if (!_pendingMissing.TryGetValue(client, out var known) || known > clock)
                    {
                        _pendingMissing[client] = clock;
                    }
                }

                MergePending(_pendingStructs, rest);
            }
        }
        else if (rest is not null)
        {
            _pendingStructs = rest;
            _pendingMissing = restMissing;
        }

        var deletesRest = ApplyDeleteSet(transaction, deletes);
        if (_pendingDeletes is not null)
        {
            var previous = _pendingDeletes;
            _pendingDeletes = null;
            var previousRest = ApplyDeleteSet(transaction, previous);
            _pendingDeletes = Union(deletesRest, previousRest);
        }
        else
        {
            _pendingDeletes = deletesRest;
        }

        if (retry)
        {
            var pending = _pendingStructs!;
            _pendingStructs = null;
            _pendingMissing = null;
            Apply(transaction, pending, new DeleteSet());
        }
    }

    private static DeleteSet? Union(DeleteSet? a, DeleteSet? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        foreach (var (client, ranges) in b.Clients)
        {
            foreach (var r in ranges)
            {
                a.Add(client, r.Clock, r.Length);
            }
        }

        a.SortAndMerge();
        return a;
    }

    private static void MergePending(Dictionary<ulong, List<YStruct>> pending, Dictionary<ulong, List<YStruct>> rest)
    {
        foreach (var (client, structs) in rest)
        {
            if (!pending.TryGetValue(client, out var list))
            {
                pending[client] = structs;
                continue;
            }

            list.AddRange(structs);
            list.Sort(static (a, b) => a.Clock.CompareTo(b.Clock));

            // Drop structs wholly covered by an earlier one (the same update delivered twice).
            var kept = 0;
            long end = -1;
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                if (s.End > end)
                {
                    list[kept++] = s;
                    end = s.End;
                }
            }

            list.RemoveRange(kept, list.Count - kept);
        }
    }

    /// <summary>
    /// yjs <c>integrateStructs</c> (spec §7.2): starting with the highest client, integrate each struct; one
    /// whose clock is beyond the local state makes the rest of its client pending; one that refers to another
    /// client's missing clocks switches to that client's queue first (a stack). Returns the structs left over.
    /// </summary>
    private Dictionary<ulong, List<YStruct>>? IntegrateStructs(Transaction transaction, Dictionary<ulong, List<YStruct>> structs, out Dictionary<ulong, long>? missing)
    {
        missing = null;
        if (structs.Count == 0)
        {
            return null;
        }

        var queues = _queues;
        queues.Clear();
        foreach (var (client, list) in structs)
        {
            if (list.Count > 0)
            {
                queues[client] = new Queue(list);
            }
        }

        var clientIds = _clientIds;
        clientIds.Clear();
        clientIds.AddRange(queues.Keys);
        clientIds.Sort();
        var stack = _stack;
        stack.Clear();
        var localState = _localState;
        localState.Clear();
        Dictionary<ulong, List<YStruct>>? rest = null;
        Dictionary<ulong, long>? missingSv = null;

        Queue? NextTarget()
        {
            while (clientIds.Count > 0)
            {
                var q = queues.GetValueOrDefault(clientIds[^1]);
                if (q is not null && q.HasNext)
                {
                    return q;
                }

                clientIds.RemoveAt(clientIds.Count - 1);
            }

            return null;
        }

        void UpdateMissing(ulong client, long clock)
        {
            missingSv ??= [];
            if (!missingSv.TryGetValue(client, out var known) || known > clock)
            {
                missingSv[client] = clock;
            }
        }

        void MoveStackToRest()
        {
            rest ??= [];
            foreach (var s in stack)
            {
                if (queues.Remove(s.Client, out var q))
                {
                    // The struct on the stack is the last one taken from its queue: it and the rest wait.
                    rest[s.Client] = q.TakeRemainingFrom(q.Index - 1);
                }
                else
                {
                    rest[s.Client] = [s];
                }

                clientIds.Remove(s.Client);
            }

            stack.Clear();
        }

        var target = NextTarget();
        if (target is null)
        {
            return null;
        }

        var head = target.Next();
        while (true)
        {
            if (!localState.TryGetValue(head.Client, out var local))
            {
                local = _store.GetState(head.Client);
                localState[head.Client] = local;
            }

            var offset = local - head.Clock;
            if (offset < 0)
            {
                stack.Push(head);
                UpdateMissing(head.Client, head.Clock - 1);
                MoveStackToRest();
            }
            else
            {
                var missingClient = head is Item item ? item.GetMissing(transaction) : null;
                if (missingClient is { } m)
                {
                    stack.Push(head);
                    var q = queues.GetValueOrDefault(m);
                    if (q is null || !q.HasNext)
                    {
                        UpdateMissing(m, _store.GetState(m));
                        MoveStackToRest();
                    }
                    else
                    {
                        head = q.Next();
                        continue;
                    }
                }
                else if (offset == 0 || offset < head.Length)
                {
                    var end = head.End;
                    IntegrateOne(transaction, head, (int)offset);
                    localState[head.Client] = end;
                }
            }

            if (stack.Count > 0)
            {
                head = stack.Pop();
            }
            else if (target is not null && target.HasNext)
            {
                head = target.Next();
            }
            else
            {
                target = NextTarget();
                if (target is null)
                {
                    break;
                }

                head = target.Next();
            }
        }

        missing = missingSv;
        return rest;
    }

    private static void IntegrateOne(Transaction transaction, YStruct s, int offset)
    {
        if (s is Item item)
        {
            item.Integrate(transaction, offset);
        }
        else
        {
            s.Clock += offset;
            s.Length -= offset;
            transaction.AddStruct(s);
        }
    }

    /// <summary>
    /// Deletes the ranges of <paramref name="deletes"/> that the store has (splitting items at the range ends)
    /// and returns the ranges beyond the local state (yjs <c>readAndApplyDeleteSet</c>).
    /// </summary>
    private DeleteSet? ApplyDeleteSet(Transaction transaction, DeleteSet deletes)
    {
        DeleteSet? unapplied = null;
        if (deletes.IsEmpty)
        {
            return null;
        }

        foreach (var (client, ranges) in deletes.Clients)
        {
            // What waits is recorded in the update's order; what is known is deleted from the highest clock down,
            // so that splitting a long string copies each piece once (ascending, every split would copy the
            // whole remaining tail: quadratic in a hostile update with many small ranges).
            var state = _store.GetState(client);
            var known = 0;
            foreach (var range in ranges)
            {
                var end = range.Clock + range.Length;
                if (range.Clock >= state)
                {
                    (unapplied ??= new()).Add(client, range.Clock, range.Length);
                    continue;
                }

                if (state < end)
                {
                    (unapplied ??= new()).Add(client, state, end - state);
                }

                known++;
            }

            if (known == 0)
            {
                continue;
            }

            var structs = _store.Clients[client]; // state > 0, so the client has structs.
            var descending = ranges;
            if (ranges.Count > 1)
            {
                descending = [.. ranges];
                descending.Sort(static (a, b) => b.Clock.CompareTo(a.Clock));
            }

            foreach (var range in descending)
            {
                if (range.Clock < state)
                {
                    DeleteKnown(transaction, structs, range.Clock, Math.Min(range.Clock + range.Length, state));
                }
            }
        }

        return unapplied;
    }

    /// <summary>Deletes clocks [<paramref name="clock"/>, <paramref name="end"/>) of one client, all known.</summary>
    private static void DeleteKnown(Transaction transaction, List<YStruct> structs, long clock, long end)
    {
        var index = StructStore.FindIndex(structs, clock);
        var s = structs[index];
        if (!s.IsDeleted && s.Clock < clock)
        {
            structs.Insert(index + 1, ((Item)s).Split(transaction, (int)(clock - s.Clock)));
            index++;
        }

        while (index < structs.Count)
        {
            s = structs[index++];
            if (s.Clock >= end)
            {
                break;
            }

            if (!s.IsDeleted)
            {
                var item = (Item)s; // Only items can be undeleted.
                if (end < s.End)
                {
                    structs.Insert(index, item.Split(transaction, (int)(end - s.Clock)));
                }

                item.Delete(transaction);
            }
        }
    }

    /// <summary>One client's structs being integrated, with a read position.</summary>
    private sealed class Queue(List<YStruct> structs)
    {
        public int Index { get; private set; }

        public bool HasNext => Index < structs.Count;

        public YStruct Next() => structs[Index++];

        public List<YStruct> TakeRemainingFrom(int index)
        {
            var remaining = structs.GetRange(index, structs.Count - index);
            Index = structs.Count;
            return remaining;
        }
    }
}

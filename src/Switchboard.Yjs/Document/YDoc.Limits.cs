namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    // Bytes of the updates that left something pending since the document last had nothing pending.
    private long _pendingBytes;

    // Number of pending structs, kept current after each update so the limit check need not walk them.
    private int _pendingStructCount;

    /// <summary>The number of structs waiting for missing dependencies (for tests).</summary>
    internal int PendingStructCount => _pendingStructCount;

    /// <summary>
    /// Refuses <paramref name="decoded"/> (before anything is changed) when applying it would make the pending
    /// structs, pending delete ranges or pending bytes exceed their limits in <see cref="YDocOptions"/>.
    /// Returns whether the update itself leaves something pending.
    /// </summary>
    private bool CheckPendingLimits(DecodedUpdate decoded, int updateBytes)
    {
        // Fast path, most updates (a keystroke from a peer that is in sync): nothing is pending and every struct
        // follows its client's state with references the store already has, so nothing of it can stay pending
        // and the prediction below would allocate for nothing. It gives the same answer: the prediction's states
        // are never lower than the store's.
        if (_pendingStructs is null && IntegratesAlone(decoded.Structs))
        {
            return CheckPendingDeletes(decoded, updateBytes, structs: 0, fromUpdate: 0, client => StateAfter(decoded.Structs, client));
        }

        // Most updates cannot make a pending struct integrable (yjs retries them only once a missing clock
        // arrives): predict the update alone, and the update with the pending structs only when needed.
        var (structs, fromUpdate, states) = PredictPendingStructs(decoded.Structs, withPending: false);
        if (_pendingStructs is not null)
        {
            var retry = false;
            foreach (var (client, clock) in _pendingMissing!)
            {
                if (states.TryGetValue(client, out var state) && clock < state)
                {
                    retry = true;
                    break;
                }
            }

            (structs, fromUpdate, states) = retry
                ? PredictPendingStructs(decoded.Structs, withPending: true)
                : (structs + _pendingStructCount, fromUpdate, states);
        }

        if (structs > _options.MaxPendingStructs)
        {
            throw new YjsFormatException($"Update would leave {structs} structs pending, beyond the limit of {_options.MaxPendingStructs} (MaxPendingStructs).");
        }

        return CheckPendingDeletes(decoded, updateBytes, structs, fromUpdate, client => states.TryGetValue(client, out var s) ? s : _store.GetState(client));
    }

    /// <summary>
    /// The delete-range and byte limits of <see cref="CheckPendingLimits"/>, given the predicted pending structs
    /// and each client's predicted state. Returns whether the update itself leaves something pending.
    /// </summary>
    private bool CheckPendingDeletes(DecodedUpdate decoded, int updateBytes, int structs, int fromUpdate, Func<ulong, long> State)
    {
        var ranges = 0;
        var updateRanges = 0;
        foreach (var (client, list) in decoded.DeleteSet.Clients)
        {
            var state = State(client);
            foreach (var r in list)
            {
                if (r.Clock + r.Length > state)
                {
                    updateRanges++;
                }
            }
        }

        if (_pendingDeletes is not null)
        {
            foreach (var (client, list) in _pendingDeletes.Clients)
            {
                var state = State(client);
                foreach (var r in list)
                {
                    if (r.Clock + r.Length > state)
                    {
                        ranges++;
                    }
                }
            }
        }

        ranges += updateRanges;
        if (ranges > _options.MaxPendingDeleteRanges)
        {
            throw new YjsFormatException($"Update would leave {ranges} delete ranges pending, beyond the limit of {_options.MaxPendingDeleteRanges} (MaxPendingDeleteRanges).");
        }

        var contributes = fromUpdate > 0 || updateRanges > 0;
        if (contributes && (structs > 0 || ranges > 0))
        {
            var bytes = (HasPending ? _pendingBytes : 0) + updateBytes;
            if (bytes > _options.MaxPendingBytes)
            {
                throw new YjsFormatException($"Update would leave {bytes} bytes of updates pending, beyond the limit of {_options.MaxPendingBytes} (MaxPendingBytes).");
            }
        }

        return contributes;
    }

    /// <summary>
    /// Whether every struct of <paramref name="update"/> integrates on its own: each client's structs follow its
    /// state without a gap, and every reference to another client points at a clock the store already has.
    /// (References to other clients of the same update make this answer <see langword="false"/>: the full
    /// prediction handles those.)
    /// </summary>
    private bool IntegratesAlone(Dictionary<ulong, List<YStruct>> update)
    {
        Func<ulong, long> storeState = _store.GetState;
        foreach (var (client, structs) in update)
        {
            var state = _store.GetState(client);
            foreach (var s in structs)
            {
                if (s.Clock > state || (s is Item item && MissingReference(item, storeState) is not null))
                {
                    return false;
                }

                state = Math.Max(state, s.End);
            }
        }

        return true;
    }

    /// <summary>A client's state once <paramref name="update"/> (which <see cref="IntegratesAlone"/>) is applied.</summary>
    private long StateAfter(Dictionary<ulong, List<YStruct>> update, ulong client)
    {
        var state = _store.GetState(client);
        if (update.TryGetValue(client, out var structs))
        {
            foreach (var s in structs)
            {
                state = Math.Max(state, s.End);
            }
        }

        return state;
    }

    /// <summary>
    /// Predicts which of the pending structs and the update's structs stay pending: the closure of what becomes
    /// integrable (a struct is integrable once its clock is reached and the clocks of other clients it refers to
    /// are known). Each client waits on at most one other client at a time, in a heap ordered by the clock it
    /// needs, so the prediction is O(n log n) in the number of structs. Returns the number left pending, how many
    /// of those came from the update, and the predicted state of each client it touched.
    /// </summary>
    private (int Pending, int FromUpdate, Dictionary<ulong, long> States) PredictPendingStructs(Dictionary<ulong, List<YStruct>> update, bool withPending)
    {
        var lists = new Dictionary<ulong, List<(YStruct Struct, bool FromUpdate)>>();
        void AddAll(Dictionary<ulong, List<YStruct>> source, bool fromUpdate)
        {
            foreach (var (client, structs) in source)
            {
                if (!lists.TryGetValue(client, out var list))
                {
                    list = new(structs.Count);
                    lists[client] = list;
                }

                foreach (var s in structs)
                {
                    list.Add((s, fromUpdate));
                }
            }
        }

        if (withPending && _pendingStructs is not null)
        {
            AddAll(_pendingStructs, false);
        }

        AddAll(update, true);
        var states = new Dictionary<ulong, long>(lists.Count);
        long State(ulong client)
        {
            if (!states.TryGetValue(client, out var s))
            {
                s = _store.GetState(client);
                states[client] = s;
            }

            return s;
        }

        var index = new Dictionary<ulong, int>(lists.Count);
        var waiting = new Dictionary<ulong, PriorityQueue<ulong, long>>();
        var work = new Queue<ulong>();
        foreach (var (client, list) in lists)
        {
            if (withPending && update.ContainsKey(client) && _pendingStructs!.ContainsKey(client))
            {
                list.Sort(static (a, b) => a.Struct.Clock.CompareTo(b.Struct.Clock));
            }

            index[client] = 0;
            work.Enqueue(client);
        }

        while (work.TryDequeue(out var client))
        {
            var list = lists[client];
            var i = index[client];
            var state = State(client);
            var before = state;
            while (i < list.Count)
            {
                var s = list[i].Struct;
                if (s.Clock > state)
                {
                    break; // Only this client's own structs can fill the gap: it stays pending.
                }

                if (s is Item item && MissingReference(item, State) is { } missing)
                {
                    if (!waiting.TryGetValue(missing.Client, out var heap))
                    {
                        heap = new();
                        waiting[missing.Client] = heap;
                    }

                    heap.Enqueue(client, missing.Clock);
                    break;
                }

                state = Math.Max(state, s.End);
                i++;
            }

            index[client] = i;
            states[client] = state;
            if (state > before && waiting.TryGetValue(client, out var waiters))
            {
                while (waiters.TryPeek(out var waiter, out var needed) && needed < state)
                {
                    waiters.Dequeue();
                    work.Enqueue(waiter);
                }
            }
        }

        var pending = 0;
        var fromUpdate = 0;
        foreach (var (client, list) in lists)
        {
            for (var i = index[client]; i < list.Count; i++)
            {
                pending++;
                if (list[i].FromUpdate)
                {
                    fromUpdate++;
                }
            }
        }

        return (pending, fromUpdate, states);
    }

    private void CountPendingStructs()
    {
        _pendingStructCount = 0;
        if (_pendingStructs is not null)
        {
            foreach (var list in _pendingStructs.Values)
            {
                _pendingStructCount += list.Count;
            }
        }
    }

    private static ItemId? MissingReference(Item item, Func<ulong, long> state)
    {
        foreach (var reference in (ReadOnlySpan<ItemId?>)[item.Origin, item.RightOrigin, item.ParentId])
        {
            if (reference is { } r && r.Client != item.Client && r.Clock >= state(r.Client))
            {
                return r;
            }
        }

        return null;
    }
}

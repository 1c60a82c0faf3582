namespace Switchboard.Yjs.Updates;

/// <summary>
/// JavaScript's <c>Array.prototype.sort</c> as V8 implements it (TimSort, V8 <c>third_party/v8/builtins/array-sort.tq</c>,
/// itself after CPython's <c>listsort</c>), reproduced comparison for comparison.
/// </summary>
/// <remarks>
/// Any stable sort gives the same result for a consistent comparator. yjs' <c>mergeUpdates</c> comparator is not
/// consistent (two readers at the same ID, one at a GC and one at an Item, each compare as "smaller" than the other),
/// so which one wins depends on the exact sequence of comparisons V8 makes. This class exists to make that
/// sequence the same.
/// </remarks>
internal sealed class JsArraySort<T>
{
    private const int MinGallopWins = 7;
    private const int TempMinSize = 32;

    private readonly Comparison<T> _compare;
    private readonly List<(int Base, int Length)> _runs = [];
    private T[] _a = [];
    private T[] _temp = [];
    private int _minGallop;

    public JsArraySort(Comparison<T> compare)
    {
        _compare = compare;
    }

    /// <summary>Sorts the first <paramref name="length"/> elements of <paramref name="array"/> in place.</summary>
    public void Sort(T[] array, int length)
    {
        if (length < 2)
        {
            return;
        }

        _a = array;
        _runs.Clear();
        _minGallop = MinGallopWins;
        var low = 0;
        var remaining = length;
        var minRun = MinRunLength(remaining);
        while (remaining != 0)
        {
            var run = CountAndMakeRun(low, low + remaining);
            if (run < minRun)
            {
                var forced = Math.Min(minRun, remaining);
                BinaryInsertionSort(low, low + run, low + forced);
                run = forced;
            }

            _runs.Add((low, run));
            MergeCollapse();
            low += run;
            remaining -= run;
        }

        MergeForceCollapse();
        _a = [];
    }

    private static int MinRunLength(int n)
    {
        var r = 0;
        while (n >= 64)
        {
            r |= n & 1;
            n >>= 1;
        }

        return n + r;
    }

    // Binary insertion of a[start..high) into the sorted a[low..start); equal elements go after (stable).
    private void BinaryInsertionSort(int low, int start, int high)
    {
        if (start == low)
        {
            start++;
        }

        for (; start < high; start++)
        {
            var left = low;
            var right = start;
            var pivot = _a[right];
            while (left < right)
            {
                var mid = left + ((right - left) >> 1);
                if (_compare(pivot, _a[mid]) < 0)
                {
                    right = mid;
                }
                else
                {
                    left = mid + 1;
                }
            }

            Array.Copy(_a, left, _a, left + 1, start - left);
            _a[left] = pivot;
        }
    }

    // Length of the natural run at low: non-descending, or strictly descending (then reversed in place).
    private int CountAndMakeRun(int lowArg, int high)
    {
        var low = lowArg + 1;
        if (low == high)
        {
            return 1;
        }

        var runLength = 2;
        var previous = _a[low];
        var descending = _compare(previous, _a[low - 1]) < 0;
        for (var i = low + 1; i < high; i++)
        {
            var current = _a[i];
            var order = _compare(current, previous);
            if (descending ? order >= 0 : order < 0)
            {
                break;
            }

            previous = current;
            runLength++;
        }

        if (descending)
        {
            Array.Reverse(_a, lowArg, runLength);
        }

        return runLength;
    }

    private void MergeCollapse()
    {
        while (_runs.Count > 1)
        {
            var n = _runs.Count - 2;
            if (!InvariantHolds(n + 1) || !InvariantHolds(n))
            {
                if (_runs[n - 1].Length < _runs[n + 1].Length)
                {
                    n--;
                }

                MergeAt(n);
            }
            else if (_runs[n].Length <= _runs[n + 1].Length)
            {
                MergeAt(n);
            }
            else
            {
                break;
            }
        }
    }

    private bool InvariantHolds(int n) =>
        n < 2 || _runs[n - 2].Length > _runs[n - 1].Length + _runs[n].Length;

    private void MergeForceCollapse()
    {
        while (_runs.Count > 1)
        {
            var n = _runs.Count - 2;
            if (n > 0 && _runs[n - 1].Length < _runs[n + 1].Length)
            {
                n--;
            }

            MergeAt(n);
        }
    }

    private void MergeAt(int i)
    {
        var (baseA, lengthA) = _runs[i];
        var (baseB, lengthB) = _runs[i + 1];
        _runs[i] = (baseA, lengthA + lengthB);
        _runs.RemoveAt(i + 1);

        var k = GallopRight(_a, _a[baseB], baseA, lengthA, 0);
        baseA += k;
        lengthA -= k;
        if (lengthA == 0)
        {
            return;
        }

        lengthB = GallopLeft(_a, _a[baseA + lengthA - 1], baseB, lengthB, lengthB - 1);
        if (lengthB == 0)
        {
            return;
        }

        if (lengthA <= lengthB)
        {
            MergeLow(baseA, lengthA, baseB, lengthB);
        }
        else
        {
            MergeHigh(baseA, lengthA, baseB, lengthB);
        }
    }

    // Offset k in 0..length where key belongs, left of any equal elements: a[base+k-1] < key <= a[base+k].
    private int GallopLeft(T[] array, T key, int baseIndex, int length, int hint)
    {
        var lastOfs = 0;
        var offset = 1;
        if (_compare(array[baseIndex + hint], key) < 0)
        {
            var maxOfs = length - hint;
            while (offset < maxOfs)
            {
                if (_compare(array[baseIndex + hint + offset], key) >= 0)
                {
                    break;
                }

                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0)
                {
                    offset = maxOfs;
                }
            }

            offset = Math.Min(offset, maxOfs);
            lastOfs += hint;
            offset += hint;
        }
        else
        {
            var maxOfs = hint + 1;
            while (offset < maxOfs)
            {
                if (_compare(array[baseIndex + hint - offset], key) < 0)
                {
                    break;
                }

                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0)
                {
                    offset = maxOfs;
                }
            }

            offset = Math.Min(offset, maxOfs);
            var tmp = lastOfs;
            lastOfs = hint - offset;
            offset = hint - tmp;
        }

        lastOfs++;
        while (lastOfs < offset)
        {
            var m = lastOfs + ((offset - lastOfs) >> 1);
            if (_compare(array[baseIndex + m], key) < 0)
            {
                lastOfs = m + 1;
            }
            else
            {
                offset = m;
            }
        }

        return offset;
    }

    // Offset k in 0..length where key belongs, right of any equal elements: a[base+k-1] <= key < a[base+k].
    private int GallopRight(T[] array, T key, int baseIndex, int length, int hint)
    {
        var lastOfs = 0;
        var offset = 1;
        if (_compare(key, array[baseIndex + hint]) < 0)
        {
            var maxOfs = hint + 1;
            while (offset < maxOfs)
            {
                if (_compare(key, array[baseIndex + hint - offset]) >= 0)
                {
                    break;
                }

                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0)
                {
                    offset = maxOfs;
                }
            }

            offset = Math.Min(offset, maxOfs);
            var tmp = lastOfs;
            lastOfs = hint - offset;
            offset = hint - tmp;
        }
        else
        {
            var maxOfs = length - hint;
            while (offset < maxOfs)
            {
                if (_compare(key, array[baseIndex + hint + offset]) < 0)
                {
                    break;
                }

                lastOfs = offset;
                offset = (offset << 1) + 1;
                if (offset <= 0)
                {
                    offset = maxOfs;
                }
            }

            offset = Math.Min(offset, maxOfs);
            lastOfs += hint;
            offset += hint;
        }

        lastOfs++;
        while (lastOfs < offset)
        {
            var m = lastOfs + ((offset - lastOfs) >> 1);
            if (_compare(key, array[baseIndex + m]) < 0)
            {
                offset = m;
            }
            else
            {
                lastOfs = m + 1;
            }
        }

        return offset;
    }

    private T[] Temp(int size)
    {
        var min = Math.Max(TempMinSize, size);
        if (_temp.Length < min)
        {
            _temp = new T[min];
        }

        return _temp;
    }

    // Merges a[baseA..+lengthA) (copied to temp, the shorter run) with a[baseB..+lengthB), front to back.
    private void MergeLow(int baseA, int lengthA, int baseB, int lengthB)
    {
        var a = _a;
        var temp = Temp(lengthA);
        Array.Copy(a, baseA, temp, 0, lengthA);
        var dest = baseA;
        var cursorTemp = 0;
        var cursorB = baseB;
        a[dest++] = a[cursorB++];
        if (--lengthB == 0)
        {
            goto Succeed;
        }

        if (lengthA == 1)
        {
            goto CopyB;
        }

        var minGallop = _minGallop;
        while (true)
        {
            var winsA = 0;
            var winsB = 0;
            while (true)
            {
                if (_compare(a[cursorB], temp[cursorTemp]) < 0)
                {
                    a[dest++] = a[cursorB++];
                    winsB++;
                    lengthB--;
                    winsA = 0;
                    if (lengthB == 0)
                    {
                        goto Succeed;
                    }

                    if (winsB >= minGallop)
                    {
                        break;
                    }
                }
                else
                {
                    a[dest++] = temp[cursorTemp++];
                    winsA++;
                    lengthA--;
                    winsB = 0;
                    if (lengthA == 1)
                    {
                        goto CopyB;
                    }

                    if (winsA >= minGallop)
                    {
                        break;
                    }
                }
            }

            minGallop++;
            var first = true;
            while (winsA >= MinGallopWins || winsB >= MinGallopWins || first)
            {
                first = false;
                minGallop = Math.Max(1, minGallop - 1);
                _minGallop = minGallop;
                winsA = GallopRight(temp, a[cursorB], cursorTemp, lengthA, 0);
                if (winsA > 0)
                {
                    Array.Copy(temp, cursorTemp, a, dest, winsA);
                    dest += winsA;
                    cursorTemp += winsA;
                    lengthA -= winsA;
                    if (lengthA == 1)
                    {
                        goto CopyB;
                    }

                    if (lengthA == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest++] = a[cursorB++];
                if (--lengthB == 0)
                {
                    goto Succeed;
                }

                winsB = GallopLeft(a, temp[cursorTemp], cursorB, lengthB, 0);
                if (winsB > 0)
                {
                    Array.Copy(a, cursorB, a, dest, winsB);
                    dest += winsB;
                    cursorB += winsB;
                    lengthB -= winsB;
                    if (lengthB == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest++] = temp[cursorTemp++];
                if (--lengthA == 1)
                {
                    goto CopyB;
                }
            }

            minGallop++;
            _minGallop = minGallop;
        }

    Succeed:
        if (lengthA > 0)
        {
            Array.Copy(temp, cursorTemp, a, dest, lengthA);
        }

        return;

    CopyB:
        Array.Copy(a, cursorB, a, dest, lengthB);
        a[dest + lengthB] = temp[cursorTemp];
    }

    // Merges a[baseA..+lengthA) with a[baseB..+lengthB) (copied to temp, the shorter run), back to front.
    private void MergeHigh(int baseA, int lengthA, int baseB, int lengthB)
    {
        var a = _a;
        var temp = Temp(lengthB);
        Array.Copy(a, baseB, temp, 0, lengthB);
        var dest = baseB + lengthB - 1;
        var cursorTemp = lengthB - 1;
        var cursorA = baseA + lengthA - 1;
        a[dest--] = a[cursorA--];
        if (--lengthA == 0)
        {
            goto Succeed;
        }

        if (lengthB == 1)
        {
            goto CopyA;
        }

        var minGallop = _minGallop;
        while (true)
        {
            var winsA = 0;
            var winsB = 0;
            while (true)
            {
                if (_compare(temp[cursorTemp], a[cursorA]) < 0)
                {
                    a[dest--] = a[cursorA--];
                    winsA++;
                    lengthA--;
                    winsB = 0;
                    if (lengthA == 0)
                    {
                        goto Succeed;
                    }

                    if (winsA >= minGallop)
                    {
                        break;
                    }
                }
                else
                {
                    a[dest--] = temp[cursorTemp--];
                    winsB++;
                    lengthB--;
                    winsA = 0;
                    if (lengthB == 1)
                    {
                        goto CopyA;
                    }

                    if (winsB >= minGallop)
                    {
                        break;
                    }
                }
            }

            minGallop++;
            var first = true;
            while (winsA >= MinGallopWins || winsB >= MinGallopWins || first)
            {
                first = false;
                minGallop = Math.Max(1, minGallop - 1);
                _minGallop = minGallop;
                var k = GallopRight(a, temp[cursorTemp], baseA, lengthA, lengthA - 1);
                winsA = lengthA - k;
                if (winsA > 0)
                {
                    dest -= winsA;
                    cursorA -= winsA;
                    Array.Copy(a, cursorA + 1, a, dest + 1, winsA);
                    lengthA -= winsA;
                    if (lengthA == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest--] = temp[cursorTemp--];
                if (--lengthB == 1)
                {
                    goto CopyA;
                }

                k = GallopLeft(temp, a[cursorA], 0, lengthB, lengthB - 1);
                winsB = lengthB - k;
                if (winsB > 0)
                {
                    dest -= winsB;
                    cursorTemp -= winsB;
                    Array.Copy(temp, cursorTemp + 1, a, dest + 1, winsB);
                    lengthB -= winsB;
                    if (lengthB == 1)
                    {
                        goto CopyA;
                    }

                    if (lengthB == 0)
                    {
                        goto Succeed;
                    }
                }

                a[dest--] = a[cursorA--];
                if (--lengthA == 0)
                {
                    goto Succeed;
                }
            }

            minGallop++;
            _minGallop = minGallop;
        }

    Succeed:
        if (lengthB > 0)
        {
            Array.Copy(temp, 0, a, dest - (lengthB - 1), lengthB);
        }

        return;

    CopyA:
        dest -= lengthA;
        cursorA -= lengthA;
        Array.Copy(a, cursorA + 1, a, dest + 1, lengthA);
        a[dest] = temp[cursorTemp];
    }
}

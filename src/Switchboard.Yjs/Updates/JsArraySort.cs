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
internal sealed partial class JsArraySort<T>
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
}

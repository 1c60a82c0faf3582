namespace Switchboard.Yjs.Updates;

/// <summary>Galloping searches of V8's TimSort (<c>GallopLeft</c>/<c>GallopRight</c>).</summary>
internal sealed partial class JsArraySort<T>
{
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
}

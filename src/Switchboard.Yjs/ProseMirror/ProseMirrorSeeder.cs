using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// Builds the Yjs state of a note from its stored ProseMirror JSON, for a note that has content but no CRDT
/// history (so the server can answer the first joiner with a real document instead of the empty
/// <c>[0,0]</c> that makes the browser seed it — two first joiners would each seed, and the content would
/// appear twice).
/// </summary>
/// <remarks>
/// <para>
/// The update contains exactly the structs y-prosemirror's <c>prosemirrorToYXmlFragment</c> creates, in the same
/// clock order: each element is an XmlElement item followed (depth first) by its children and then by one map
/// item per non-null attribute; each run of text nodes is one XmlText holding, per text node, a Format item per
/// mark (<c>mark.attrs</c>, <c>{}</c> when absent), the String, and a closing Format <c>null</c> per mark. Marks
/// are treated as non-overlapping (no <c>--hash</c> key suffix), as in TipTap's and prosemirror-schema-basic's
/// marks.
/// </para>
/// <para>
/// Determinism is the design: the result depends only on the JSON and the fragment name. Every seed is authored
/// by the fixed client <see cref="SeedClientId"/> starting at clock 0, so two servers (or two attempts) that seed
/// the same stored content produce byte-identical updates, and applying both is the same as applying one —
/// they cannot diverge. The caller must seed only from the persisted content and store the seed as the
/// document's first update in the same step that decides the document is new (for example an insert that
/// fails when another writer already created the document); seeding from two <em>different</em> contents would
/// reuse the same ids for different structs. Browsers never author as <see cref="SeedClientId"/> except by a
/// 1-in-2^32 random collision, which yjs' own client ids accept too.
/// </para>
/// </remarks>
public static class ProseMirrorSeeder
{
    /// <summary>The client id every seed is written as (a fixed uint32, like the random ids yjs picks).</summary>
    public const ulong SeedClientId = 0x5EED5EED;

    private static readonly JsonSerializerOptions JsOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The v1 update that creates <paramref name="doc"/> in the XmlFragment <paramref name="fragment"/>.</summary>
    public static byte[] CreateUpdate(ProseMirrorNode doc, string fragment = YDoc.ProseMirrorFragment)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(fragment);
        return Write(new SeedWriter(SeedClientId, 0), doc, fragment, null);
    }

    /// <summary>
    /// The v1 update that replaces everything in <paramref name="current"/> with <paramref name="doc"/>: it deletes
    /// every struct the document holds (each client's clocks up to its state vector entry; deleting an item deletes
    /// its content too) and inserts <paramref name="doc"/> in <paramref name="fragment"/> as
    /// <paramref name="clientId"/>, from that client's next clock. Peers that apply it, in any order with concurrent
    /// edits, converge as yjs does; what they see is <paramref name="doc"/> plus the edits made concurrently. Use a
    /// fresh random client id per replacement, as a new yjs document would.
    /// </summary>
    public static byte[] CreateReplacement(YDoc current, ProseMirrorNode doc, ulong clientId, string fragment = YDoc.ProseMirrorFragment)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(fragment);
        var stateVector = current.StateVector;
        var startClock = stateVector.TryGetValue(clientId, out var next) ? next : 0;
        var deletes = stateVector.Where(e => e.Value > 0 && e.Key != clientId).OrderByDescending(e => e.Key).ToList();
        if (startClock > 0)
        {
            deletes.Add(new KeyValuePair<ulong, long>(clientId, startClock));
            deletes.Sort((a, b) => b.Key.CompareTo(a.Key));
        }

        return Write(new SeedWriter(clientId, startClock), doc, fragment, deletes);
    }

    private static byte[] Write(SeedWriter seed, ProseMirrorNode doc, string fragment, IReadOnlyList<KeyValuePair<ulong, long>>? deletes)
    {
        ItemId? previous = null;
        foreach (var group in Normalize(doc.Content))
        {
            previous = seed.Child(new Parent(fragment, null), previous, group);
        }

        return seed.Finish(deletes);
    }

    /// <summary>A new <see cref="YDoc"/> holding <paramref name="doc"/> (see <see cref="CreateUpdate"/>).</summary>
    public static YDoc CreateDocument(ProseMirrorNode doc, string fragment = YDoc.ProseMirrorFragment, YDocOptions? options = null)
    {
        var ydoc = new YDoc(options);
        ydoc.ApplyUpdate(CreateUpdate(doc, fragment));
        return ydoc;
    }

    /// <summary>y-prosemirror <c>normalizePNodeContent</c>: consecutive text nodes form one group (one XmlText).</summary>
    private static List<object> Normalize(IReadOnlyList<ProseMirrorNode> content)
    {
        var groups = new List<object>();
        List<ProseMirrorNode>? texts = null;
        foreach (var node in content)
        {
            if (node.IsText)
            {
                texts ??= [];
                texts.Add(node);
                continue;
            }

            if (texts is not null)
            {
                groups.Add(texts);
                texts = null;
            }

            groups.Add(node);
        }

        if (texts is not null)
        {
            groups.Add(texts);
        }

        return groups;
    }

    private static string Stringify(JsonNode? value) => value is null ? "null" : value.ToJsonString(JsOptions);

    private static AnyValue ToAny(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return AnyValue.Null;
            case JsonObject obj:
                return AnyValue.FromObject(obj.Select(e => new KeyValuePair<string, AnyValue>(e.Key, ToAny(e.Value))));
            case JsonArray array:
                return AnyValue.FromArray(array.Select(ToAny));
            default:
                var v = value.AsValue();
                if (v.TryGetValue<string>(out var s))
                {
                    return AnyValue.FromString(s);
                }

                if (v.TryGetValue<bool>(out var b))
                {
                    return AnyValue.FromBoolean(b);
                }

                // A value made in code (JsonValue.Create(2)) keeps its CLR type, which converts to double only through its JSON text.
                return AnyValue.FromNumber(v.TryGetValue<double>(out var d) ? d
                    : double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Where an item goes: a root name or a parent item.</summary>
    private readonly record struct Parent(string? Root, ItemId? Item);

    /// <summary>Writes one client group of items with consecutive clocks.</summary>
    private sealed class SeedWriter(ulong client, long startClock)
    {
        private readonly Lib0Writer _items = new(1024);
        private int _count;
        private readonly long _start = startClock;
        private long _clock = startClock;

        public ItemId Child(Parent parent, ItemId? origin, object group)
        {
            if (group is List<ProseMirrorNode> texts)
            {
                var text = Header(parent, origin, null, ContentRefType);
                _items.WriteVarUInt(6); // XmlText
                ItemId? previous = null;
                var textParent = new Parent(null, text);
                foreach (var node in texts)
                {
                    foreach (var mark in node.Marks)
                    {
                        previous = Format(textParent, previous, mark.Type, Stringify(mark.Attrs ?? []));
                    }

                    var id = Header(textParent, previous, null, ContentRefString, node.Text!.Length);
                    _items.WriteVarString(node.Text);
                    previous = new ItemId(id.Client, id.Clock + node.Text.Length - 1);
                    foreach (var mark in node.Marks)
                    {
                        previous = Format(textParent, previous, mark.Type, "null");
                    }
                }

                return text;
            }

            var element = (ProseMirrorNode)group;
            var elementId = Header(parent, origin, null, ContentRefType);
            _items.WriteVarUInt(3); // XmlElement
            _items.WriteVarString(element.Type);
            var elementParent = new Parent(null, elementId);
            ItemId? last = null;
            foreach (var child in Normalize(element.Content))
            {
                last = Child(elementParent, last, child);
            }

            if (element.Attrs is not null)
            {
                foreach (var (key, value) in element.Attrs)
                {
                    if (value is null || key == "ychange")
                    {
                        continue;
                    }

                    Header(elementParent, null, key, ContentRefAny);
                    _items.WriteVarUInt(1);
                    _items.WriteAny(ToAny(value));
                }
            }

            return elementId;
        }

        // client group: varUint(count) varUint(client) varUint(start clock) items; then the delete set:
        // varUint(clients), per client (descending, as yjs writes it) varUint(client) varUint(1) varUint(0) varUint(length)
        public byte[] Finish(IReadOnlyList<KeyValuePair<ulong, long>>? deletes)
        {
            var update = new Lib0Writer(_items.Length + 16 + ((deletes?.Count ?? 0) * 12));
            if (_count == 0)
            {
                update.WriteVarUInt(0);
            }
            else
            {
                update.WriteVarUInt(1);
                update.WriteVarUInt((ulong)_count);
                update.WriteVarUInt(client);
                update.WriteVarUInt((ulong)_start);
                update.WriteBytes(_items.WrittenSpan);
            }

            update.WriteVarUInt((ulong)(deletes?.Count ?? 0));
            foreach (var (deleteClient, length) in deletes ?? [])
            {
                update.WriteVarUInt(deleteClient);
                update.WriteVarUInt(1);
                update.WriteVarUInt(0);
                update.WriteVarUInt((ulong)length);
            }

            return update.ToArray();
        }

        private ItemId Format(Parent parent, ItemId? origin, string key, string valueJson)
        {
            var id = Header(parent, origin, null, ContentRefFormat);
            _items.WriteVarString(key);
            _items.WriteVarString(valueJson);
            return id;
        }

        // info, [origin], parent info when there is no origin (1 + root name or 0 + item id), [parentSub]
        private ItemId Header(Parent parent, ItemId? origin, string? parentSub, int contentRef, int length = 1)
        {
            var id = new ItemId(client, _clock);
            _clock += length;
            _count++;
            _items.WriteByte((byte)(contentRef | (origin is null ? 0 : 0x80) | (parentSub is null ? 0 : 0x20)));
            if (origin is { } o)
            {
                _items.WriteVarUInt(o.Client);
                _items.WriteVarUInt((ulong)o.Clock);
                return id;
            }

            if (parent.Root is { } root)
            {
                _items.WriteVarUInt(1);
                _items.WriteVarString(root);
            }
            else
            {
                var p = parent.Item!.Value; // Either a root or an item.
                _items.WriteVarUInt(0);
                _items.WriteVarUInt(p.Client);
                _items.WriteVarUInt((ulong)p.Clock);
            }

            if (parentSub is not null)
            {
                _items.WriteVarString(parentSub);
            }

            return id;
        }

        private const int ContentRefString = 4;
        private const int ContentRefFormat = 6;
        private const int ContentRefType = 7;
        private const int ContentRefAny = 8;
    }
}

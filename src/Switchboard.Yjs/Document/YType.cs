namespace Switchboard.Yjs.Document;

/// <summary>
/// A shared type (yjs <c>AbstractType</c>): a root of the document or the content of a Type item. It holds a
/// doubly linked list of items (<see cref="Start"/>) and a map from keys to the rightmost item of each key.
/// One class for every kind; the kind only matters when reading.
/// </summary>
internal sealed class YType(YTypeRef kind, string? nodeName)
{
    private Dictionary<string, Item>? _map;

    public YTypeRef Kind { get; set; } = kind;

    /// <summary>XmlElement node name or XmlHook hook name.</summary>
    public string? NodeName { get; } = nodeName;

    /// <summary>The item holding this type, or null for a root.</summary>
    public Item? Item { get; set; }

    /// <summary>The root name, for roots.</summary>
    public string? RootName { get; init; }

    /// <summary>Nesting depth: 0 for a root, parent's depth + 1 for a nested type.</summary>
    public int Depth { get; set; }

    public Item? Start { get; set; }

    /// <summary>Number of countable, undeleted units in the list.</summary>
    public int Length { get; set; }

    public Dictionary<string, Item> Map => _map ??= new Dictionary<string, Item>(StringComparer.Ordinal);

    public bool HasMap => _map is { Count: > 0 };

    public void ClearMap() => _map = null;
}

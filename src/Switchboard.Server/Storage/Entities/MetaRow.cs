namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of <c>switchboard_meta</c>: Switchboard's own bookkeeping about the database.</summary>
internal sealed class MetaRow
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

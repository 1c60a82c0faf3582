namespace Switchboard.Yjs.Document;

/// <summary>The identity of one clock unit: a client id and that client's clock (yjs <c>ID</c>).</summary>
internal readonly record struct ItemId(ulong Client, long Clock);

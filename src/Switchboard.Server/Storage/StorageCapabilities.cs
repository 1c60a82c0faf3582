namespace Switchboard.Server.Storage;

/// <summary>What the database at hand has, found at start by <see cref="SchemaInitializer"/>.</summary>
internal sealed class StorageCapabilities
{
    /// <summary>Switchboard created Open WebUI's tables itself (a new database), rather than finding them.</summary>
    public bool CreatedOpenWebUISchema { get; set; }

    /// <summary>Open WebUI's tables the socket layer needs that are missing (an Open WebUI release older than 0.11).</summary>
    public IReadOnlyList<string> MissingTables { get; set; } = [];

    /// <summary>The <c>chat_message</c> table exists (Open WebUI 0.11 keeps messages there as well as in <c>chat.chat</c>).</summary>
    public bool HasChatMessageTable => !MissingTables.Contains("chat_message");

    /// <summary>Every table of the database at start.</summary>
    public IReadOnlySet<string> Tables { get; set; } = new HashSet<string>();

    /// <summary>Start-up finished (the schema is checked and Switchboard's tables exist).</summary>
    public bool Ready { get; set; }
}

namespace Switchboard.Server.Completions;

/// <summary>
/// Chat completions: the OpenAI-compatible upstreams (Open WebUI's <c>OPENAI_API_BASE_URLS</c>/<c>OPENAI_API_KEYS</c>),
/// their timeouts, the built-in <c>echo</c> model and the streaming forms. Bound from <c>Switchboard:Completions</c>,
/// then Open WebUI's environment names on top (<see cref="Configuration.OpenWebUIEnvironment.ApplyCompletions"/>).
/// </summary>
public sealed class CompletionOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Switchboard:Completions";

    /// <summary>Base URLs of the OpenAI-compatible upstreams, such as <c>https://api.openai.com/v1</c> (<c>OPENAI_API_BASE_URLS</c>, <c>;</c>-separated). Default none: only <c>echo</c>.</summary>
    public IList<string> BaseUrls { get; } = new List<string>();

    /// <summary>API keys of the upstreams, by position (<c>OPENAI_API_KEYS</c>, <c>;</c>-separated); a missing or empty one sends no key.</summary>
    public IList<string> ApiKeys { get; } = new List<string>();

    /// <summary>One <c>chat:completion</c> event per this many upstream deltas (<c>CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE</c>). Default 1.</summary>
    public int StreamDeltaChunkSize { get; set; } = 1;

    /// <summary>Longest wait for a TCP (and TLS) connection to an upstream. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait from sending a request until the first streamed event (prompt processing included). Default 300 s, as Open WebUI's <c>AIOHTTP_CLIENT_TIMEOUT</c>.</summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Longest silence between two streamed events once the stream has started. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for an upstream's model list (<c>GET {base}/models</c>). Default 10 s, as <c>AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST</c>.</summary>
    public TimeSpan ModelListTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a model list is reused before the upstreams are asked again. Default 10 s.</summary>
    public TimeSpan ModelListCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the built-in <c>echo</c> model is listed and served. Default true.</summary>
    public bool EnableEchoModel { get; set; } = true;

    /// <summary>The <c>echo</c> model's pause before each word. Default 50 ms.</summary>
    public TimeSpan EchoWordDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The delta form (G11) sends a batch once it holds this many characters. Default 256.</summary>
    public int DeltaBatchCharacters { get; set; } = 256;

    /// <summary>The delta form sends a non-empty batch at the latest this long after its first character. Default 100 ms.</summary>
    public TimeSpan DeltaBatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a finished stream can still be resumed (<c>chat:stream:resume</c>, G12). Default 5 minutes.</summary>
    public TimeSpan ResumeRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most finished streams one instance keeps for resuming; past it the oldest is forgotten before its retention ends
    /// (a resume of it is then answered from the stored message). Default 10,000.
    /// </summary>
    public int ResumeRetentionLimit { get; set; } = 10_000;

    /// <summary>Most socket-form tasks one user may have running; more are refused with 429. Default 16.</summary>
    public int MaxTasksPerUser { get; set; } = 16;

    /// <summary>Largest <c>POST /api/chat/completions</c> body, in bytes. Default 16 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest streamed event from an upstream, in bytes; a longer one is malformed. Default 1 MiB.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Problems found while reading Open WebUI's environment names, reported by validation at start.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}

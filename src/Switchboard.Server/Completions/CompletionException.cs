namespace Switchboard.Server.Completions;

/// <summary>
/// A completion failed for a reason the user should see (stored as the message's <c>error.content</c> and sent as
/// <c>chat:message:error</c>): the upstream answered an error, timed out, or sent malformed data.
/// </summary>
internal sealed class CompletionException : Exception
{
    public CompletionException(string message, int? statusCode = null)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public CompletionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CompletionException()
    {
    }

    public CompletionException(string message)
        : base(message)
    {
    }

    /// <summary>The upstream's HTTP status, when it answered one.</summary>
    public int? StatusCode { get; }
}

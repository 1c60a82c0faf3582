using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>One captured log record: its text, its structured state, and the scopes it was logged in.</summary>
internal sealed record CapturedLog(
    string Category, LogLevel Level, string? EventName, string Message, IReadOnlyList<KeyValuePair<string, object?>> State,
    IReadOnlyList<object?> Scopes, string? Exception)
{
    /// <summary>Everything of the record a log sink could print or export.</summary>
    public string AllText() => string.Join("\n",
        new[] { Category, Message, Exception ?? "" }
            .Concat(State.Select(p => p.Key + "=" + p.Value))
            .Concat(Scopes.Select(s => s?.ToString() ?? ""))
            .Concat(Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).Select(p => p.Key + "=" + p.Value)));

    /// <summary>The value of <paramref name="key"/> in the innermost scope that has it.</summary>
    public object? Scope(string key) => Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().Reverse()
        .SelectMany(s => s).Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault();

    public object? Property(string key) => State.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault();
}

/// <summary>A logger provider that keeps every record at every level, with the scopes it was logged in.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            var pairs = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            provider.Logs.Enqueue(new CapturedLog(category, logLevel, eventId.Name, formatter(state, exception), [.. pairs], scopes, exception?.ToString()));
        }
    }
}

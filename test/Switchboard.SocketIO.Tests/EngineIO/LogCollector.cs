using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>A logger provider that keeps every entry of every category at <see cref="LogLevel.Debug"/> and above.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Entries at warning level or above, formatted for an assertion message.</summary>
    public string Serious() => string.Join("\n", Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Level} {e.Category} {e.EventName}: {e.Message} {e.Exception?.GetType().Name}"));

    public int Count(string eventName) => Entries.Count(e => e.EventName == eventName);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception);

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lock)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId.Name, formatter(state, exception), exception));
            }
        }
    }
}

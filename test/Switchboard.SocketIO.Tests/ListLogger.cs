using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.Tests;

/// <summary>A logger that keeps every entry, for tests that check what was logged.</summary>
internal sealed class ListLogger : ILogger<SocketIOServer>
{
    private readonly Lock _lock = new();
    private readonly List<(EventId Id, LogLevel Level, Exception? Exception)> _entries = [];

    public IReadOnlyList<(EventId Id, LogLevel Level, Exception? Exception)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        lock (_lock)
        {
            _entries.Add((eventId, logLevel, exception));
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.Server.Documents;
using Switchboard.Server.Sessions;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The instruments of the server's meter (<see cref="SwitchboardTelemetry.MeterName"/>), one set per service provider:
/// <list type="table">
/// <item><term><c>switchboard.users.active</c></term><description>ObservableGauge, <c>{user}</c>: users with a signed-in socket on this instance (Open WebUI's <c>webui.users.active</c>).</description></item>
/// <item><term><c>switchboard.sockets</c></term><description>ObservableUpDownCounter, <c>{socket}</c>: sockets, by <c>switchboard.socket.authenticated</c>.</description></item>
/// <item><term><c>switchboard.documents.open</c></term><description>ObservableUpDownCounter, <c>{document}</c>: collaborative documents loaded.</description></item>
/// <item><term><c>switchboard.documents.updates</c></term><description>Counter, <c>{update}</c>: document updates accepted.</description></item>
/// <item><term><c>switchboard.chat.events</c></term><description>Counter, <c>{event}</c>: chat events emitted, by <c>switchboard.chat.event.type</c>.</description></item>
/// <item><term><c>switchboard.chat.writes</c></term><description>Counter, <c>{write}</c>: chat message writes stored (one transaction each).</description></item>
/// <item><term><c>switchboard.events.rejected</c></term><description>Counter, <c>{event}</c>: client events refused, by <c>socketio.event.name</c>.</description></item>
/// <item><term><c>switchboard.auth.failures</c></term><description>Counter, <c>{token}</c>: tokens refused on connect and <c>user-join</c>, by <c>switchboard.auth.failure</c>.</description></item>
/// </list>
/// </summary>
internal sealed class ServerMetrics
{
    public const string Other = "_OTHER";
    private const int MaxChatEventTypes = 100;

    private readonly ConcurrentDictionary<string, string> _chatEventTypes = new(StringComparer.Ordinal);
    private readonly Counter<long> _documentUpdates;
    private readonly Counter<long> _chatEvents;
    private readonly Counter<long> _chatWrites;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _authFailures;

    public ServerMetrics(IMeterFactory meterFactory, SessionRegistry sessions, IServiceProvider services)
    {
        var meter = meterFactory.Create(SwitchboardTelemetry.MeterName);

        // The hub is read lazily: it is built from services that may report here.
        var hub = new Lazy<DocumentHub>(services.GetRequiredService<DocumentHub>);
        meter.CreateObservableGauge("switchboard.users.active", () => sessions.UserCount, "{user}", "Users with a signed-in socket on this instance.");
        meter.CreateObservableUpDownCounter("switchboard.sockets", () => ObserveSockets(sessions), "{socket}", "Sockets on this instance, signed in or not.");
        meter.CreateObservableUpDownCounter("switchboard.documents.open", () => hub.Value.OpenCount, "{document}", "Collaborative documents loaded.");
        _documentUpdates = meter.CreateCounter<long>("switchboard.documents.updates", "{update}", "Document updates accepted.");
        _chatEvents = meter.CreateCounter<long>("switchboard.chat.events", "{event}", "Chat events emitted to users.");
        _chatWrites = meter.CreateCounter<long>("switchboard.chat.writes", "{write}", "Chat message writes stored.");
        _rejected = meter.CreateCounter<long>("switchboard.events.rejected", "{event}", "Client events refused (bad payload, no access, anonymous).");
        _authFailures = meter.CreateCounter<long>("switchboard.auth.failures", "{token}", "Tokens refused on connect and user-join.");
    }

    public void DocumentUpdateAccepted() => _documentUpdates.Add(1);

    public void ChatWriteStored() => _chatWrites.Add(1);

    /// <summary>Counts an emitted chat event; types past the first hundred distinct ones are recorded as <c>_OTHER</c>.</summary>
    public void ChatEventEmitted(string? type)
    {
        var name = type is not { Length: > 0 and <= 64 } ? Other
            : _chatEventTypes.TryGetValue(type, out var known) ? known
            : _chatEventTypes.Count < MaxChatEventTypes ? _chatEventTypes.GetOrAdd(type, type) : Other;
        _chatEvents.Add(1, new TagList { { "switchboard.chat.event.type", name } });
    }

    /// <summary>Counts a refused event; <paramref name="eventName"/> is a registered handler's name, so the set is bounded.</summary>
    public void EventRejected(string eventName) => _rejected.Add(1, new TagList { { "socketio.event.name", eventName } });

    public void AuthFailed(string failure) => _authFailures.Add(1, new TagList { { "switchboard.auth.failure", failure } });

    private static IEnumerable<Measurement<int>> ObserveSockets(SessionRegistry sessions)
    {
        var total = sessions.Count;
        var authenticated = sessions.AuthenticatedCount;
        return
        [
            new Measurement<int>(authenticated, new KeyValuePair<string, object?>("switchboard.socket.authenticated", true)),
            new Measurement<int>(Math.Max(0, total - authenticated), new KeyValuePair<string, object?>("switchboard.socket.authenticated", false)),
        ];
    }
}

using System.Diagnostics;

namespace Switchboard.SocketIO.Diagnostics;

/// <summary>The timing and span of one handled event, from <see cref="SocketIOInstrumentation.StartEvent"/> to its end.</summary>
internal readonly record struct EventScope(long Start, string Name, Activity? Activity, Activity? Previous)
{
    /// <summary>Puts back the activity that was current before the event's span started (the receive loop's own).</summary>
    public void Restore()
    {
        if (Activity is not null)
        {
            System.Diagnostics.Activity.Current = Previous;
        }
    }
}

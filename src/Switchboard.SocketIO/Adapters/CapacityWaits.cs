namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// The recipients of one broadcast that are above their send queue's high-water mark, gathered while it is sent and
/// then waited for together, so a broadcast waits at most one slow-consumer timeout however many are slow. Holds
/// nothing and allocates nothing while every wait completed at once (the usual case).
/// </summary>
internal struct CapacityWaits
{
    private Task? _first;
    private List<Task>? _more;

    public void Add(ValueTask wait)
    {
        if (wait.IsCompletedSuccessfully)
        {
            return;
        }

        var task = wait.AsTask();
        if (_first is null)
        {
            _first = task;
        }
        else
        {
            (_more ??= [_first]).Add(task);
        }
    }

    public readonly ValueTask WhenAll() =>
        _more is not null ? new ValueTask(Task.WhenAll(_more))
        : _first is not null ? new ValueTask(_first)
        : ValueTask.CompletedTask;
}

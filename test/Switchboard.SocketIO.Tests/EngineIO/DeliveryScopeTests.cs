namespace Switchboard.SocketIO.Tests.EngineIO;

// DeliveryScope: sends queued on this thread inside the scope are written by this thread when it ends, one write per
// socket, and never wake the sockets' send loops.
public class DeliveryScopeTests
{
    [Fact]
    public async Task Dispose_SendsToManySockets_SendLoopsStayParkedThenOneWriteEachInOrder()
    {
        var harnesses = new List<TransportHarness>();
        for (var i = 0; i < 20; i++)
        {
            harnesses.Add(await TransportHarness.StartAsync(TimeProvider.System, coalescer: null));
        }

        SendInScope(harnesses, "a", 3, h =>
        {
            // Without the scope the first Notify would have woken the send loop (cleared its parked flag) at once.
            Assert.True(h.Transport.IsParked);
            Assert.Equal(0, h.Wire.Writes);
        });

        // Written by this thread in Dispose: the in-memory wire completes each write synchronously.
        foreach (var harness in harnesses)
        {
            Assert.Equal(1, harness.Wire.Writes);
        }

        foreach (var harness in harnesses)
        {
            Assert.Equal(["4a0", "4a1", "4a2"], await harness.CloseAndReadAsync());
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Open_InsideAnotherScope_TheOuterScopeWrites()
    {
        await using var harness = await TransportHarness.StartAsync(TimeProvider.System, coalescer: null);
        NestedScopes(harness);

        Assert.Equal(1, harness.Wire.Writes);
        Assert.Equal(["4outer", "4inner", "4after"], await harness.CloseAndReadAsync());
    }

    [Fact]
    public async Task Send_AfterScope_WakesTheSendLoopAsBefore()
    {
        await using var harness = await TransportHarness.StartAsync(TimeProvider.System, coalescer: null);
        SendInScope([harness], "a", 1, _ => { });
        await Eventually.TrueAsync(() => harness.Transport.IsParked);

        // No scope: the send loop is woken and writes on its own.
        harness.Send("b");
        await Eventually.TrueAsync(() => harness.Wire.Writes == 2);
        Assert.Equal(["4a0", "4b"], await harness.CloseAndReadAsync());
    }

    // Synchronous helpers: a DeliveryScope is a ref struct and cannot live in an async method across an await.
    private static void SendInScope(List<TransportHarness> harnesses, string prefix, int count, Action<TransportHarness> checkInside)
    {
        using (DeliveryScope.Open())
        {
            foreach (var harness in harnesses)
            {
                for (var i = 0; i < count; i++)
                {
                    harness.Send($"{prefix}{i}");
                }
            }

            foreach (var harness in harnesses)
            {
                checkInside(harness);
            }
        }
    }

    private static void NestedScopes(TransportHarness harness)
    {
        using (DeliveryScope.Open())
        {
            harness.Send("outer");
            using (DeliveryScope.Open())
            {
                harness.Send("inner");
            }

            // The inner scope's end wrote nothing: the outer one owns the batch.
            Assert.Equal(0, harness.Wire.Writes);
            Assert.True(harness.Transport.IsParked);
            harness.Send("after");
        }
    }
}

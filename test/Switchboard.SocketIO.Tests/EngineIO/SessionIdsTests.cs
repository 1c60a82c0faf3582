using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class SessionIdsTests
{
    [Fact]
    public void NewId_Many_TwentyUrlSafeCharactersAndDistinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SessionIds.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{20}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }
}

namespace Switchboard.Yjs.Tests;

public class YjsFormatExceptionTests
{
    [Fact]
    public void YjsFormatException_IsInvalidDataException()
    {
        Assert.IsAssignableFrom<FormatException>(new YjsFormatException("truncated varUint at offset 3"));
    }
}

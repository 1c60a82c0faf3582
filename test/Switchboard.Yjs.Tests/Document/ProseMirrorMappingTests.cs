using Switchboard.Yjs.Document;

namespace Switchboard.Yjs.Tests.Document;

public class ProseMirrorMappingTests
{
    [Theory]
    [InlineData("bold", "bold")]
    [InlineData("comment--abcdEF12", "comment")]
    [InlineData("comment--a+/=0123", "comment")]
    [InlineData("comment--abc", "comment--abc")]
    [InlineData("x--abcdefgh--ABCDEFGH", "x--abcdefgh")]
    public void MarkName_HashedOverlappingMark_SuffixRemoved(string attribute, string mark) =>
        Assert.Equal(mark, ProseMirrorMapping.MarkName(attribute));
}

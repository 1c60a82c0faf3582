using Switchboard.Server.Documents;

namespace Switchboard.Server.Tests.Documents;

public sealed class DocumentIdTests
{
    [Theory]
    [InlineData("note:6f1c2b1e-0000-4000-8000-000000000001")]
    [InlineData("note_6f1c2b1e-0000-4000-8000-000000000001")]
    public void TryParse_EitherSpelling_SameCanonicalDocument(string text)
    {
        Assert.True(DocumentId.TryParse(text, out var id, out _));
        Assert.Equal("note:6f1c2b1e-0000-4000-8000-000000000001", id.Value);
        Assert.Equal("6f1c2b1e-0000-4000-8000-000000000001", id.NoteId);
        Assert.Equal("doc_note:6f1c2b1e-0000-4000-8000-000000000001", id.Room);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("note:")]
    [InlineData("note_")]
    [InlineData("chat:abc")]
    [InlineData("abc")]
    [InlineData("note:a:b")]
    [InlineData("note:note_a")]
    [InlineData("note_note:a")]
    [InlineData("note:a b")]
    [InlineData("note:a\nb")]
    [InlineData("NOTE:abc")]
    public void TryParse_NotANoteDocument_RefusedWithAReason(string? text)
    {
        Assert.False(DocumentId.TryParse(text, out _, out var error));
        Assert.Contains("document_id", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OverlongId_Refused()
    {
        Assert.False(DocumentId.TryParse("note:" + new string('a', 600), out _, out _));
    }
}

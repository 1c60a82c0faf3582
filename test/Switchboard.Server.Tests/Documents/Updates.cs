using Switchboard.Yjs.Document;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Yjs v1 updates for the tests, and the integer-array form the frontend sends them in.</summary>
internal static class Updates
{
    /// <summary>A note document holding <paramref name="text"/> in one paragraph (written as the seed client).</summary>
    public static byte[] Paragraph(string text) =>
        ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(ParagraphJson(text)));

    public static string ParagraphJson(string text) =>
        $$"""{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"{{text}}"}]}]}""";

    /// <summary>TipTap's empty document: one empty paragraph.</summary>
    public static byte[] EmptyParagraph() => ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse("""{"type":"doc","content":[{"type":"paragraph"}]}"""));

    /// <summary>
    /// Client 1 types character <paramref name="c"/> at clock <paramref name="clock"/> (0..127) into the text root
    /// <c>t</c>, after its previous character (yjs-format.md §2.5): one struct, String content, no deletes.
    /// </summary>
    public static byte[] TextInsert(int clock, char c) => clock == 0
        ? [0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, (byte)c, 0x00]
        : [0x01, 0x01, 0x01, (byte)clock, 0x84, 0x01, (byte)(clock - 1), 0x01, (byte)c, 0x00];

    public static int[] Ints(byte[] bytes) => [.. bytes.Select(b => (int)b)];

    public static byte[] Bytes(System.Text.Json.Nodes.JsonNode? array) => [.. array!.AsArray().Select(n => (byte)n!.GetValue<int>())];

    public static YDoc Doc(byte[] state)
    {
        var doc = new YDoc();
        doc.ApplyUpdate(state);
        return doc;
    }
}

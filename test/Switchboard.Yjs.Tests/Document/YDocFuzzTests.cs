using Switchboard.Yjs.Document;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.Document;

public class YDocFuzzTests
{
    private const string Note = """{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"T😀"}]},{"type":"paragraph","content":[{"type":"text","text":"a "},{"type":"text","marks":[{"type":"bold"}],"text":"b"}]},{"type":"bullet_list","content":[{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]}]}""";

    [Fact]
    public void ApplyUpdate_MutatedUpdates_OnlyYjsFormatExceptionAndDocumentStillReadable()
    {
        var seed = ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(Note));
        byte[][] bases =
        [
            seed,
            [0x01, 0x02, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x84, 0x01, 0x00, 0x01, 0x62, 0x01, 0x01, 0x01, 0x00, 0x01],
            [0x01, 0x01, 0x01, 0x04, 0xa8, 0x01, 0x03, 0x01, 0x7d, 0x02, 0x01, 0x01, 0x01, 0x03, 0x01],
            [0x00, 0x01, 0xed, 0xbd, 0xb7, 0xef, 0x05, 0x01, 0x02, 0x05],
        ];
        var random = new Random(1234);
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < 3000; round++)
        {
            var doc = new YDoc();
            doc.ApplyUpdate(seed);
            var update = (byte[])bases[random.Next(bases.Length)].Clone();
            var mutations = 1 + random.Next(3);
            for (var m = 0; m < mutations; m++)
            {
                update[random.Next(update.Length)] = (byte)random.Next(256);
            }

            try
            {
                doc.ApplyUpdate(update);
                outcomes["applied"] = outcomes.GetValueOrDefault("applied") + 1;
            }
            catch (YjsFormatException)
            {
                outcomes["rejected"] = outcomes.GetValueOrDefault("rejected") + 1;
            }

            // Whatever happened, the document can still be read and encoded, and its encoding re-applies.
            _ = doc.ReadContent();
            _ = doc.GetProseMirrorJson();
            var state = doc.EncodeStateAsUpdate();
            new YDoc().ApplyUpdate(state);
        }

        Assert.True(outcomes.GetValueOrDefault("applied") > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("rejected") > 100, string.Join(", ", outcomes));
    }
}

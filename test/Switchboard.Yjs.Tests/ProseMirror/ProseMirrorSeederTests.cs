using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Testing;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.ProseMirror;

public class ProseMirrorSeederTests
{
    // prosemirror-schema-basic + prosemirror-schema-list documents (normalized by the Node script first).
    private static readonly string[] Documents =
    [
        """{"type":"doc","content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title 😀"}]},{"type":"paragraph","content":[{"type":"text","text":"plain "},{"type":"text","marks":[{"type":"strong"}],"text":"bold "},{"type":"text","marks":[{"type":"em"},{"type":"strong"}],"text":"both"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"link","attrs":{"href":"https://example.com","title":null}}],"text":"link"},{"type":"text","text":" and "},{"type":"text","marks":[{"type":"code"}],"text":"<code>"}]}]}""",
        """{"type":"doc","content":[{"type":"bullet_list","content":[{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]},{"type":"ordered_list","attrs":{"order":3},"content":[{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"nested 𝄞"}]}]}]}]},{"type":"list_item","content":[{"type":"paragraph"}]}]}]}""",
        """{"type":"doc","content":[{"type":"code_block","content":[{"type":"text","text":"let x = 1;\n<script>"}]},{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"quote"},{"type":"hard_break"},{"type":"text","text":"line 2"}]}]},{"type":"horizontal_rule"},{"type":"paragraph","content":[{"type":"image","attrs":{"src":"/a.png","alt":"pic","title":"T"}}]}]}""",
        """{"type":"doc","content":[{"type":"paragraph"}]}""",
    ];

    [Fact]
    public async Task CreateUpdate_ReadByYjsAndYProsemirror_SameJsonAndSameBytes()
    {
        var normalized = await NodeProcess.RunAsync("docs-prosemirror.mjs", TimeSpan.FromSeconds(120), string.Join("\n", Documents) + "\n", "normalize");
        Assert.True(normalized.ExitCode == 0, normalized.StandardError);
        var docs = normalized.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Documents.Length, docs.Length);

        var input = new StringBuilder();
        var updates = new List<byte[]>();
        foreach (var json in docs)
        {
            var update = ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(json));
            updates.Add(update);
            input.Append(new JsonObject { ["json"] = JsonNode.Parse(json), ["update"] = Convert.ToBase64String(update) }.ToJsonString()).Append('\n');
        }

        var checkedResult = await NodeProcess.RunAsync("docs-prosemirror.mjs", TimeSpan.FromSeconds(120), input.ToString(), "check", ProseMirrorSeeder.SeedClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(checkedResult.ExitCode == 0, checkedResult.StandardError);
        var results = checkedResult.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(docs.Length, results.Count);
        for (var i = 0; i < docs.Length; i++)
        {
            Assert.True(results[i]["same"]!.GetValue<bool>(), $"doc {i}: {results[i]["reason"]}");
            Assert.True(results[i]["sameBytes"]!.GetValue<bool>(), $"doc {i}: C# {Convert.ToBase64String(updates[i])}\n yjs {results[i]["refBytes"]}");

            // The C# reader gives what y-prosemirror gives for the same document.
            var doc = new YDoc();
            doc.ApplyUpdate(updates[i]);
            Assert.True(JsonNode.DeepEquals(results[i]["yjsJson"], doc.GetProseMirrorJson()), $"doc {i}: C# {doc.GetProseMirrorJson().ToJsonString()}\n yjs {results[i]["yjsJson"]!.ToJsonString()}");
        }
    }

    [Fact]
    public void CreateUpdate_SameContentTwice_IdenticalAndIdempotent()
    {
        var node = ProseMirrorNode.Parse(Documents[0]);
        var a = ProseMirrorSeeder.CreateUpdate(node);
        var b = ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(Documents[0]));
        Assert.Equal(a, b);

        // Two servers seeding the same note: applying both seeds equals applying one.
        var doc = new YDoc();
        doc.ApplyUpdate(a);
        var once = doc.EncodeStateAsUpdate();
        doc.ApplyUpdate(b);
        Assert.Equal(once, doc.EncodeStateAsUpdate());
        Assert.Equal(ProseMirrorSeeder.SeedClientId, Assert.Single(doc.StateVector).Key);
    }

    [Fact]
    public void CreateDocument_ThenRender_MarkdownOfSeededContent()
    {
        var doc = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Documents[0]));
        Assert.Equal("## Title 😀\n\nplain **bold *both*** [link](https://example.com) and `<code>`", ProseMirrorMarkdown.Render(doc.GetProseMirror()));
    }

    [Fact]
    public void CreateUpdate_EmptyDoc_EmptyUpdate()
    {
        Assert.Equal(new byte[] { 0, 0 }, ProseMirrorSeeder.CreateUpdate(new ProseMirrorNode("doc")));
    }

    [Fact]
    public void Snapshot_SeededNote_AllForms()
    {
        var doc = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Documents[2]));
        var content = ProseMirrorSnapshot.Create(doc.GetProseMirror()).ToNoteContent();
        Assert.Equal("<pre><code>let x = 1;\n&lt;script&gt;</code></pre><blockquote><p>quote<br>line 2</p></blockquote><hr><p><img src=\"/a.png\" alt=\"pic\" title=\"T\"></p>", content["html"]!.GetValue<string>());
        Assert.Equal("```\nlet x = 1;\n<script>\n```\n\n> quote\\\n> line 2\n\n---\n\n![pic](/a.png)", content["md"]!.GetValue<string>());
        Assert.Equal("code_block", content["json"]!["content"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void CreateUpdate_AttributesMadeInCode_SameBytesAsParsedJson()
    {
        const string json = """{"type":"doc","content":[{"type":"heading","attrs":{"level":2,"ratio":0.5,"on":true},"content":[{"type":"text","text":"T"}]}]}""";
        var made = new ProseMirrorNode("doc", content:
        [
            new ProseMirrorNode("heading", new JsonObject { ["level"] = 2, ["ratio"] = 0.5m, ["on"] = true }, [new ProseMirrorNode("text", text: "T")]),
        ]);

        Assert.Equal(ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(json)), ProseMirrorSeeder.CreateUpdate(made));
    }
}

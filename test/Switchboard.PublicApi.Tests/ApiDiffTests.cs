namespace Switchboard.PublicApi.Tests;

public class ApiDiffTests
{
    [Fact]
    public void Describe_ChangedLine_ShowsRemovedAddedAndContext()
    {
        var diff = ApiDiff.Describe("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n");
        Assert.Equal("  b\n  c\n- d\n+ D\n  e\n  f\n", diff);
    }

    [Fact]
    public void Describe_AddedMember_ShowsOnlyAdditionWithContext()
    {
        var diff = ApiDiff.Describe("class A\n{\n    void M();\n}\n", "class A\n{\n    void M();\n    void N();\n}\n");
        Assert.Equal("  {\n      void M();\n+     void N();\n  }\n  \n", diff);
    }

    [Fact]
    public void Describe_MemberChange_NamesEnclosingType()
    {
        var before = "namespace N\n{\n    public class A\n    {\n        public void M() { }\n        public void N() { }\n        public void O() { }\n        public void P() { }\n    }\n}\n";
        var diff = ApiDiff.Describe(before, before.Replace("O()", "Q()", StringComparison.Ordinal));
        Assert.StartsWith("@@ public class A\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_DistantChanges_SeparatedByEllipsis()
    {
        var lines = Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var changed = (string[])lines.Clone();
        changed[1] = "x";
        changed[18] = "y";
        var diff = ApiDiff.Describe(string.Join('\n', lines), string.Join('\n', changed));
        Assert.Contains("...\n", diff, StringComparison.Ordinal);
        Assert.Contains("- 1\n+ x\n", diff, StringComparison.Ordinal);
        Assert.Contains("- 18\n+ y\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("  9\n", diff, StringComparison.Ordinal);
    }
}

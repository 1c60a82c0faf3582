namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// The node and mark names renderers understand, in both spellings: TipTap's (<c>bulletList</c>, <c>bold</c>)
/// and prosemirror-schema-basic/list's (<c>bullet_list</c>, <c>strong</c>).
/// </summary>
internal static class ProseMirrorNames
{
    public static bool IsBulletList(string t) => t is "bulletList" or "bullet_list";

    public static bool IsOrderedList(string t) => t is "orderedList" or "ordered_list";

    public static bool IsTaskList(string t) => t is "taskList" or "task_list";

    public static bool IsListItem(string t) => t is "listItem" or "list_item" or "taskItem" or "task_item";

    public static bool IsTaskItem(string t) => t is "taskItem" or "task_item";

    public static bool IsCodeBlock(string t) => t is "codeBlock" or "code_block";

    public static bool IsHorizontalRule(string t) => t is "horizontalRule" or "horizontal_rule";

    public static bool IsHardBreak(string t) => t is "hardBreak" or "hard_break";

    public static bool IsTableRow(string t) => t is "tableRow" or "table_row";

    public static bool IsTableCell(string t) => t is "tableCell" or "table_cell" or "tableHeader" or "table_header";

    public static bool IsTableHeader(string t) => t is "tableHeader" or "table_header";

    public static bool IsBold(string m) => m is "bold" or "strong";

    public static bool IsItalic(string m) => m is "italic" or "em";

    public static bool IsStrike(string m) => m is "strike" or "strikethrough" or "s";

    public static bool IsCode(string m) => m is "code";

    public static bool IsLink(string m) => m is "link";

    public static bool IsUnderline(string m) => m is "underline";

    /// <summary>The start number of an ordered list (<c>start</c> in TipTap, <c>order</c> in prosemirror-schema-list).</summary>
    public static long ListStart(ProseMirrorNode list) => list.GetInteger("start") ?? list.GetInteger("order") ?? 1;

    /// <summary>The language of a code block (<c>language</c> in TipTap, <c>params</c> in prosemirror-markdown).</summary>
    public static string? CodeLanguage(ProseMirrorNode block) => block.GetString("language") ?? block.GetString("params");

    /// <summary>The heading level clamped to 1..6.</summary>
    public static int HeadingLevel(ProseMirrorNode heading) => (int)Math.Clamp(heading.GetInteger("level") ?? 1, 1, 6);
}

namespace Switchboard.Yjs.Document;

/// <summary>Shared-type kinds as numbered on the wire in Type content; <see cref="Unknown"/> for a root not yet typed.</summary>
internal enum YTypeRef
{
    Unknown = -1,
    Array = 0,
    Map = 1,
    Text = 2,
    XmlElement = 3,
    XmlFragment = 4,
    XmlHook = 5,
    XmlText = 6,
}

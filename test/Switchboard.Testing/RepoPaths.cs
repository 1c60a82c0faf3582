namespace Switchboard.Testing;

/// <summary>Locates the repository from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds <c>Switchboard.slnx</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>test/interop</c>: the Node scripts and npm packages the interop tests drive.</summary>
    public static string Interop => Path.Combine(Root, "test", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Switchboard.slnx not found above {AppContext.BaseDirectory}.");
    }
}

using System.Reflection;
using PublicApiGenerator;

namespace Switchboard.PublicApi.Tests;

/// <summary>
/// The public API of each packaged library against its committed baseline, api/&lt;Assembly&gt;.txt: a change to the
/// public surface fails here until the baseline is regenerated and committed with it, so the change is reviewed.
/// </summary>
public class PublicApiTests
{
    /// <summary>Set to 1 to rewrite the baselines from the current build instead of comparing.</summary>
    public const string UpdateVariable = "SWITCHBOARD_UPDATE_API";

    public static TheoryData<string> Libraries => new()
    {
        "Switchboard.SocketIO",
        "Switchboard.SocketIO.AdminUI",
        "Switchboard.SocketIO.Redis",
        "Switchboard.Yjs",
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicApi_Library_MatchesCommittedBaseline(string assemblyName)
    {
        var actual = Generate(Assembly.Load(assemblyName));
        var path = Path.Combine(RepositoryRoot(), "api", assemblyName + ".txt");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        var expected = File.Exists(path) ? Normalize(File.ReadAllText(path)) : string.Empty;
        if (expected == actual)
        {
            return;
        }

        Assert.Fail(
            $"The public API of {assemblyName} differs from api/{assemblyName}.txt" +
            (File.Exists(path) ? string.Empty : " (missing)") + ".\n" +
            "If the change is intended, regenerate the baseline and commit it with the change:\n" +
            $"  {UpdateVariable}=1 dotnet test test/Switchboard.PublicApi.Tests -c Release\n" +
            "Difference (- baseline, + current build):\n" +
            ApiDiff.Describe(expected, actual));
    }

    private static string Generate(Assembly assembly) => Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        // InternalsVisibleTo and the build's attributes are not API.
        IncludeAssemblyAttributes = false,
    }));

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Switchboard.slnx not found above " + AppContext.BaseDirectory);
    }
}

namespace Coffer.DrTests;

/// <summary>
/// The two one-node clusters of a DR test, in one temporary directory, each started from its config file,
/// initialised and unsealed with its own keys. Disposing kills both processes and deletes the directory.
/// </summary>
internal sealed class DrNodePair : IAsyncDisposable
{
    private readonly string _directory;

    private DrNodePair(string directory, DrNode first, DrNode second)
    {
        _directory = directory;
        First = first;
        Second = second;
    }

    public DrNode First { get; }

    public DrNode Second { get; }

    /// <summary>The pair's temporary directory (configs and data), also usable as a scratch HOME.</summary>
    public string Directory => _directory;

    /// <summary>Starts and initialises both nodes; <paramref name="firstConfig"/> is extra configuration for the first.</summary>
    public static async Task<DrNodePair> StartAsync(
        string first, (int Shares, int Threshold) firstSeal, string second, (int Shares, int Threshold) secondSeal, string firstConfig = "")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("coffer-dr-").FullName;
        var one = await DrNode.StartAsync(first, directory, firstConfig);
        var two = await DrNode.StartAsync(second, directory);
        var pair = new DrNodePair(directory, one, two);
        await one.InitAsync(firstSeal.Shares, firstSeal.Threshold);
        await one.UnsealAsync();
        await two.InitAsync(secondSeal.Shares, secondSeal.Threshold);
        await two.UnsealAsync();
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}

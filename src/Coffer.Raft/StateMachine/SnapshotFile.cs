using System.Globalization;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// A complete, verified snapshot on disk, named <c>{index}-{term}.snapshot</c>. This is what the engine reads when
/// it sends the snapshot to a lagging follower; the file is immutable once it has this name.
/// </summary>
internal sealed class SnapshotFile : ISnapshot
{
    public const string Extension = ".snapshot";

    public SnapshotFile(string path, long index, long term)
    {
        Path = path;
        Index = index;
        Term = term;
    }

    public string Path { get; }

    public long Index { get; }

    public long Term { get; }

    public DateTimeOffset Timestamp => File.GetLastWriteTimeUtc(Path);

    public long? Length => new FileInfo(Path).Length;

    public bool IsReusable => true;

    public int? CommandId => null;

    public bool IsConfiguration => false;

    public static string FileName(long index, long term) =>
        string.Create(CultureInfo.InvariantCulture, $"{index:D20}-{term:D20}{Extension}");

    /// <summary>Parses a name made by <see cref="FileName"/>; anything else (temporary files...) is not a snapshot.</summary>
    public static bool TryParse(string path, out long index, out long term)
    {
        index = term = 0;
        var name = System.IO.Path.GetFileName(path);
        if (!name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = name[..^Extension.Length].Split('-');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out index)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out term);
    }

    public async ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : notnull, IAsyncBinaryWriter
    {
        var stream = new FileStream(Path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        await using (stream.ConfigureAwait(false))
        {
            await writer.CopyFromAsync(stream, count: null, token).ConfigureAwait(false);
        }
    }
}

using System.Collections.Immutable;

namespace Coffer.Core.Routing;

/// <summary>
/// An immutable snapshot of the mounts; a change builds a new table and swaps it in, so a request routes against
/// one consistent table without locks.
/// </summary>
public sealed class MountTable
{
    public MountTable(IEnumerable<MountEntry> entries)
    {
        // Longest mount point first, so the first match is the longest-prefix match.
        Entries = entries.OrderByDescending(e => e.Path.Length).ThenBy(e => e.Path, StringComparer.Ordinal).ToImmutableArray();
    }

    public ImmutableArray<MountEntry> Entries { get; }

    public MountEntry? Match(string path)
    {
        foreach (var entry in Entries)
        {
            if (path.StartsWith(entry.Path, StringComparison.Ordinal) || path + "/" == entry.Path)
            {
                return entry;
            }
        }

        return null;
    }

    public MountEntry? Find(string mountPath) => Entries.FirstOrDefault(e => e.Path == mountPath);

    public MountTable With(MountEntry entry) => new(Entries.Where(e => e.Path != entry.Path).Append(entry));

    public MountTable Without(string mountPath) => new(Entries.Where(e => e.Path != mountPath));
}

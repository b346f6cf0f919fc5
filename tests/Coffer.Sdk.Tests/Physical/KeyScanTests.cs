using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Sdk.Tests.Physical;

/// <summary>A one-pass key scan must list exactly what walking the folders lists, for any set of keys.</summary>
public sealed class KeyScanTests
{
    private static readonly Gen<string> Key = Gen.Char["ab/-0é"].Array[1, 7].Select(chars => new string(chars))
        .Where(key => !key.StartsWith('/') && !key.EndsWith('/') && !key.Contains("//", StringComparison.Ordinal));

    private static readonly Gen<string> Folder = Gen.OneOf(Gen.Const(string.Empty), Gen.Char["ab-0é"].Array[1, 3].Select(chars => new string(chars) + "/"));

    [Fact]
    public void Scan_OfABackendWithTheCapability_EqualsTheFolderWalk()
    {
        Gen.Select(Key.HashSet[0, 40], Folder).Sample((keys, prefix) =>
        {
            var backend = new InMemoryBackend();
            backend.CommitAsync(keys.Select(k => PhysicalOperation.Put(k, [1])).ToList(), TestContext.Current.CancellationToken).GetAwaiter().GetResult();

            var scanned = KeyScan.ScanAsync(backend, prefix, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            var walked = KeyScan.ScanAsync(new ListingOnly(backend), prefix, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

            Assert.Equal(walked, scanned);
            Assert.Equal(keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal), scanned);
        }, iter: 300);
    }

    /// <summary>The same backend seen only through <see cref="IPhysicalBackend"/>, so the scan has to walk.</summary>
    private sealed class ListingOnly(IPhysicalBackend inner) : IPhysicalBackend
    {
        public string Name => inner.Name;

        public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => inner.PutAsync(entry, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) =>
            inner.CommitAsync(operations, cancellationToken);
    }
}

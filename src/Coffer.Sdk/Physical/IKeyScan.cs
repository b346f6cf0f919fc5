namespace Coffer.Sdk.Physical;

/// <summary>
/// An optional capability of a physical backend: every key under a prefix in one pass. A backend that keeps its keys
/// sorted answers in one scan what a walk through <see cref="IPhysicalBackend.ListAsync"/> answers with one listing
/// per folder (each of which may itself scan from the start). Use it through <see cref="KeyScan.ScanAsync"/>, which
/// walks the folders of backends without it.
/// </summary>
public interface IKeyScan
{
    /// <summary>Every key starting with <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ScanKeysAsync(string prefix, CancellationToken cancellationToken = default);
}

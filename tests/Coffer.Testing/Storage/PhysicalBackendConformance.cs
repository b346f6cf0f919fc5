using System.Text;
using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>
/// The behaviour every <see cref="IPhysicalBackend"/> must have. A backend's test class derives from this,
/// supplies <see cref="CreateAsync"/> and, when the backend is durable, <see cref="ReopenAsync"/>; xunit then
/// runs every test here against it. One fresh backend per test.
/// </summary>
public abstract partial class PhysicalBackendConformance : IAsyncLifetime
{
    private IPhysicalBackend? _backend;

    /// <summary>The backend under test; a new instance after <see cref="ReopenBackendAsync"/>.</summary>
    protected IPhysicalBackend Backend => _backend ?? throw new InvalidOperationException("The backend is created in InitializeAsync.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates an empty backend. Called once per test.</summary>
    protected abstract Task<IPhysicalBackend> CreateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Durable backends: release <paramref name="previous"/> as a stopped process would, then open a new
    /// instance over the same storage. Volatile backends keep the default, which returns null and makes
    /// the durability tests skip.
    /// </summary>
    protected virtual Task<IPhysicalBackend?> ReopenAsync(IPhysicalBackend previous, CancellationToken cancellationToken) =>
        Task.FromResult<IPhysicalBackend?>(null);

    /// <summary>Releases whatever the derived class created besides the backend (a temporary directory...).</summary>
    protected virtual ValueTask CleanupAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync() => _backend = await CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync(_backend);
        _backend = null;
        await CleanupAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Replaces <see cref="Backend"/> by a reopened instance; skips the test for volatile backends.</summary>
    protected async Task ReopenBackendAsync()
    {
        var reopened = await ReopenAsync(Backend, Ct);
        Assert.SkipWhen(reopened is null, "The backend is volatile: nothing survives a reopen.");
        _backend = reopened;
    }

    /// <summary>Disposes a backend if it holds resources; used by the base class and by derived reopen factories.</summary>
    protected static async ValueTask ReleaseAsync(IPhysicalBackend? backend)
    {
        switch (backend)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected Task PutAsync(string key, string value) => Backend.PutAsync(new PhysicalEntry(key, Bytes(value)), Ct);

    protected async Task<string?> GetTextAsync(string key)
    {
        var entry = await Backend.GetAsync(key, Ct);
        return entry is null ? null : Encoding.UTF8.GetString(entry.Value);
    }

    protected Task<IReadOnlyList<string>> ListAsync(string prefix) => Backend.ListAsync(prefix, Ct);
}

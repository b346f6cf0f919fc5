using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Barrier;

/// <summary>
/// The encryption barrier between Core and untrusted physical storage. Every value is sealed with
/// AES-256-GCM under the active keyring term, with its storage path as associated data, so a value
/// copied to another path fails to decrypt. The keyring itself lives at <see cref="KeyringPath"/>,
/// encrypted under the root key, which only the unseal process supplies.
/// </summary>
public sealed class AesGcmBarrier : IStorage
{
    /// <summary>Physical key of the encrypted keyring; reserved, never reachable through <see cref="IStorage"/>.</summary>
    public const string KeyringPath = "core/keyring";

    // The keyring envelope is sealed under the root key rather than a keyring term; term 0 marks
    // that, since keyring terms start at 1.
    private const int RootKeyTerm = 0;

    // Associated data up to this size is encoded on the stack, so typical paths cost no allocation.
    private const int StackAssociatedDataLimit = 512;

    private readonly IPhysicalBackend _physical;
    private readonly TimeProvider _time;

    // Serialises the operations that change what the barrier holds (init, unseal, seal, rotate, import,
    // root-key replacement). Reads and writes of data never take it: they read _state once.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile UnsealedState? _state;

    public AesGcmBarrier(IPhysicalBackend physical, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(physical);
        ArgumentNullException.ThrowIfNull(time);
        _physical = physical;
        _time = time;
    }

    public bool IsSealed => _state is null;

    /// <summary>A fresh random AES-256 key, for root keys and keyring terms alike.</summary>
    public static byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeyringTerm.KeySize);

    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>
    /// Creates keyring term 1 and stores it encrypted under <paramref name="rootKey"/>. The barrier
    /// stays sealed: unsealing is a separate step, as with Shamir seals in Vault.
    /// </summary>
    public async Task InitializeAsync(byte[] rootKey, CancellationToken cancellationToken = default)
    {
        RequireValidRootKey(rootKey);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await IsInitializedAsync(cancellationToken).ConfigureAwait(false))
            {
                throw CofferException.BadRequest("Vault is already initialized");
            }

            var keyring = Keyring.Create(_time);
            try
            {
                await StoreKeyringAsync(keyring, rootKey, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                keyring.ZeroKeys();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Loads the keyring with <paramref name="rootKey"/>. Unsealing an unsealed barrier does nothing.</summary>
    /// <exception cref="CofferException">InvalidRequest <c>unseal failed, invalid key</c> for a wrong key.</exception>
    public async Task UnsealAsync(byte[] rootKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state is not null)
            {
                return;
            }

            var stored = await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false)
                ?? throw CofferException.BadRequest("Vault is not initialized");
            var keyring = IsValidRootKeyLength(rootKey.Length) ? TryOpenKeyring(stored.Value, rootKey) : null;
            _state = UnsealedState.Create(
                keyring ?? throw CofferException.BadRequest("unseal failed, invalid key"),
                rootKey.ToArray());
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> is the root key, checked against the stored keyring without changing
    /// the barrier's state (generate-root and DR operation tokens prove key holders this way).
    /// </summary>
    public async Task<bool> VerifyRootKeyAsync(byte[] candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var stored = await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false);
        return stored is not null && IsValidRootKeyLength(candidate.Length) && TryOpenKeyring(stored.Value, candidate) is not null;
    }

    /// <summary>
    /// Whether the keyring now in storage opens with the root key this barrier was unsealed with, checked without
    /// changing the barrier's state. False when the stored keyring is gone or was replaced by another root key's.
    /// </summary>
    public async Task<bool> StoredKeyringOpensAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = RequireUnsealed();
            var stored = await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false);
            return stored is not null && TryOpenKeyring(stored.Value, state.RootKey) is not null;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Drops every key from memory (wiping the copies it owns). Sealing a sealed barrier does nothing.</summary>
    public void Seal()
    {
        _lifecycle.Wait();
        try
        {
            var state = _state;
            _state = null;
            state?.Destroy();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Adds a keyring term: new writes use it, every older term still decrypts.</summary>
    public async Task<KeyStatus> RotateAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = RequireUnsealed();
            var rotated = state.Keyring.Rotate(_time);
            try
            {
                await StoreKeyringAsync(rotated, state.RootKey, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Only the new term's key is this keyring's own; older ones are still in use.
                CryptographicOperations.ZeroMemory(rotated.Active.Key);
                throw;
            }

            var next = state.WithKeyring(rotated);
            _state = next;
            return StatusOf(next);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Picks up keyring terms another node added to the stored keyring (with integrated storage the active node
    /// rotates and standbys read what it writes). Returns false when the stored keyring holds nothing newer.
    /// </summary>
    public async Task<bool> ReloadKeyringAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = RequireUnsealed();
            var stored = await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false);
            if (stored is null || TryOpenKeyring(stored.Value, state.RootKey) is not { } keyring)
            {
                return false;
            }

            var merged = state.Keyring.WithNewerTermsOf(keyring);
            if (ReferenceEquals(merged, state.Keyring))
            {
                return false;
            }

            _state = state.WithKeyring(merged);
            return true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public KeyStatus GetKeyStatus() => StatusOf(RequireUnsealed());

    /// <summary>
    /// Seals a free-standing blob (e.g. a batch token) under the active term. Batch tokens pass an
    /// empty <paramref name="associatedData"/>; anything else binds the blob to that context string.
    /// </summary>
    public byte[] Encrypt(string associatedData, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(associatedData);
        var cipher = RequireUnsealed().Active;
        var output = GC.AllocateUninitializedArray<byte>(BarrierEnvelope.SealedLength(plaintext.Length));
        var byteCount = Encoding.UTF8.GetByteCount(associatedData);
        byte[]? rented = null;
        var aad = byteCount <= StackAssociatedDataLimit
            ? stackalloc byte[byteCount]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        try
        {
            Encoding.UTF8.GetBytes(associatedData, aad);
            cipher.Seal(aad, plaintext, output);
            return output;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Opens a blob from <see cref="Encrypt"/> (or a stored value, with its path as associated data).</summary>
    /// <exception cref="BarrierDecryptionException">Altered, truncated, moved, or under an unknown term.</exception>
    public byte[] Decrypt(string associatedData, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(associatedData);
        RequireUnsealed();
        var output = GC.AllocateUninitializedArray<byte>(PlaintextLength(ciphertext));
        Open(associatedData, ciphertext, output);
        return output;
    }

    // The ciphertext's plaintext length, once its envelope was checked far enough to tell it.
    private static int PlaintextLength(ReadOnlySpan<byte> ciphertext) =>
        BarrierEnvelope.TryReadTerm(ciphertext, out _) ? ciphertext.Length - BarrierEnvelope.Overhead : throw new BarrierDecryptionException();

    private void Open(string associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(associatedData);
        var state = RequireUnsealed();
        if (!BarrierEnvelope.TryReadTerm(ciphertext, out var term) || !state.TryGetCipher(term, out var cipher))
        {
            throw new BarrierDecryptionException();
        }

        var byteCount = Encoding.UTF8.GetByteCount(associatedData);
        byte[]? rented = null;
        var aad = byteCount <= StackAssociatedDataLimit
            ? stackalloc byte[byteCount]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        try
        {
            Encoding.UTF8.GetBytes(associatedData, aad);
            if (!cipher.TryOpen(aad, ciphertext, output))
            {
                throw new BarrierDecryptionException();
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private T DecryptAndParse<T>(string key, byte[] ciphertext, StorageValueParser<T> parse)
    {
        var length = PlaintextLength(ciphertext);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        var plaintext = rented.AsSpan(0, length);
        try
        {
            Open(key, ciphertext, plaintext);
            return parse(plaintext);
        }
        finally
        {
            // Pooled memory outlives this read: no secret may stay in it.
            CryptographicOperations.ZeroMemory(plaintext);
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The keyring in plaintext (the binary form of <see cref="Keyring.Serialize"/>), for DR replication
    /// to ship over its authenticated, encrypted channel. The caller owns and should wipe the array.
    /// </summary>
    public byte[] ExportKeyring() => RequireUnsealed().Keyring.Serialize();

    /// <summary>
    /// Replaces the stored keyring with <paramref name="keyring"/> (from <see cref="ExportKeyring"/>),
    /// encrypted under <paramref name="rootKey"/>. If the barrier is unsealed it switches to the imported
    /// keys and root key at once (operations in flight on the old keys fail as sealed); if sealed it
    /// stays sealed and <paramref name="rootKey"/> unseals it from now on.
    /// </summary>
    public async Task ImportKeyringAsync(byte[] keyring, byte[] rootKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        RequireValidRootKey(rootKey);
        Keyring imported;
        try
        {
            imported = Keyring.Deserialize(keyring);
        }
        catch (FormatException exception)
        {
            throw new ArgumentException("the keyring is malformed", nameof(keyring), exception);
        }

        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await StoreKeyringAsync(imported, rootKey, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                imported.ZeroKeys();
                throw;
            }

            var previous = _state;
            if (previous is null)
            {
                imported.ZeroKeys();
                return;
            }

            _state = UnsealedState.Create(imported, rootKey.ToArray());
            previous.Destroy();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Re-encrypts the stored keyring under <paramref name="newRootKey"/> (rekey); the data keys do not change.</summary>
    public async Task ReplaceRootKeyAsync(byte[] newRootKey, CancellationToken cancellationToken = default)
    {
        RequireValidRootKey(newRootKey);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = RequireUnsealed();
            await StoreKeyringAsync(state.Keyring, newRootKey, cancellationToken).ConfigureAwait(false);
            _state = state.WithRootKey(newRootKey.ToArray());
            CryptographicOperations.ZeroMemory(state.RootKey);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// DR secondary: the keyring in storage is the primary's and changes under this barrier (a rotation on the
    /// primary arrives by replication). Reopens it with the root key held in memory and switches to it. Returns false,
    /// changing nothing, when there is no stored keyring or it does not open with that key (the primary's root key
    /// changed): the caller then seals, so the operator unseals with the primary's current keys.
    /// </summary>
    public async Task<bool> AdoptStoredKeyringAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = RequireUnsealed();
            var stored = await _physical.GetAsync(KeyringPath, cancellationToken).ConfigureAwait(false);
            var keyring = stored is null ? null : TryOpenKeyring(stored.Value, state.RootKey);
            if (keyring is null)
            {
                return false;
            }

            _state = UnsealedState.Create(keyring, state.RootKey.ToArray());
            state.Destroy();
            return true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var stored = await GetSealedAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : new StorageEntry(key, Decrypt(key, stored));
    }

    /// <summary>Decrypts into a pooled buffer for <paramref name="parse"/> and wipes it before returning it to the pool.</summary>
    public async Task<T?> ReadAsync<T>(string key, StorageValueParser<T> parse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var stored = await GetSealedAsync(key, cancellationToken).ConfigureAwait(false);
        return stored is null ? default : DecryptAndParse(key, stored, parse);
    }

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RequireUnsealed();
        RequireNotReserved(entry.Key);
        var sealedValue = Encrypt(entry.Key, entry.Value);
        return _physical.PutAsync(new PhysicalEntry(entry.Key, sealedValue), cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        RequireUnsealed();
        RequireNotReserved(key);
        return _physical.DeleteAsync(key, cancellationToken);
    }

    /// <summary>Keys are not secret (Vault stores them in the clear too), so listing passes straight through.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        RequireUnsealed();
        return _physical.ListAsync(prefix, cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        RequireUnsealed();
        var physical = new PhysicalOperation[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            RequireNotReserved(operation.Key);
            physical[i] = operation.Value is null
                ? PhysicalOperation.Delete(operation.Key)
                : PhysicalOperation.PutHandedOver(operation.Key, Encrypt(operation.Key, operation.Value));
        }

        return _physical.CommitAsync(physical, cancellationToken);
    }

    // The stored ciphertext of a data key (never the keyring), with any newer keyring term loaded; null when absent.
    private async Task<byte[]?> GetSealedAsync(string key, CancellationToken cancellationToken)
    {
        RequireUnsealed();
        RequireNotReserved(key);

        // Only decrypted (into a new or pooled buffer) below: the backend need not copy the ciphertext for us.
        var stored = await _physical.GetForReadingAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        // A term newer than ours was written by another node after a rotation: load it before decrypting.
        if (BarrierEnvelope.TryReadTerm(stored.Value, out var term) && _state is { } state && term > state.Active.Term)
        {
            await ReloadKeyringAsync(cancellationToken).ConfigureAwait(false);
        }

        return stored.Value;
    }

    private static KeyStatus StatusOf(UnsealedState state) =>
        new(state.Active.Term, state.Active.InstallTime, state.Active.Encryptions);

    private static bool IsValidRootKeyLength(int length) => length is 16 or 24 or 32;

    private static void RequireValidRootKey(byte[] rootKey)
    {
        ArgumentNullException.ThrowIfNull(rootKey);
        if (!IsValidRootKeyLength(rootKey.Length))
        {
            throw new ArgumentException("a root key must be 16, 24 or 32 bytes", nameof(rootKey));
        }
    }

    private static void RequireNotReserved(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key == KeyringPath || key.StartsWith(KeyringPath + "/", StringComparison.Ordinal))
        {
            throw CofferException.BadRequest("cannot access a path reserved for the barrier keyring");
        }
    }

    private static Keyring? TryOpenKeyring(byte[] envelope, byte[] rootKey)
    {
        if (!BarrierEnvelope.TryReadTerm(envelope, out var term) || term != RootKeyTerm)
        {
            return null;
        }

        var plaintext = new byte[envelope.Length - BarrierEnvelope.Overhead];
        try
        {
            using var aes = new AesGcm(rootKey, BarrierEnvelope.TagSize);
            return BarrierEnvelope.TryOpen(aes, Encoding.UTF8.GetBytes(KeyringPath), envelope, plaintext)
                ? Keyring.Deserialize(plaintext)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task StoreKeyringAsync(Keyring keyring, byte[] rootKey, CancellationToken cancellationToken)
    {
        var plaintext = keyring.Serialize();
        byte[] envelope;
        try
        {
            envelope = new byte[BarrierEnvelope.SealedLength(plaintext.Length)];
            using var aes = new AesGcm(rootKey, BarrierEnvelope.TagSize);
            BarrierEnvelope.Seal(aes, RootKeyTerm, Encoding.UTF8.GetBytes(KeyringPath), plaintext, envelope);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        await _physical.PutAsync(new PhysicalEntry(KeyringPath, envelope), cancellationToken).ConfigureAwait(false);
    }

    private UnsealedState RequireUnsealed() => _state ?? throw CofferException.SealedError();
}

using Coffer.Sdk.Errors;

namespace Coffer.Core.Seal;

/// <summary>
/// A threshold of key holders minting a token without any existing token: an attempt is started with a
/// one-time password, each holder submits a share with the attempt's nonce, and when the threshold is met the
/// new token is returned XOR-ed with the OTP, so only the person holding the OTP can read it.
/// </summary>
/// <remarks>
/// There is one attempt slot per node, shared by every <see cref="RootGenerationPurpose"/> (as in Vault): while a
/// root-token attempt runs, a DR operation token attempt cannot start, and shares submitted through the other
/// purpose's endpoint are refused. Progress lives in memory only.
/// </remarks>
public sealed class RootGeneration
{
    /// <summary><c>hvs.</c> plus 24 base62 characters: the length of a root token and so of the OTP.</summary>
    public const int OtpLength = 28;

    private readonly CofferCore _core;
    private readonly ShareCollector _shares = new();
    private readonly Lock _lock = new();
    private string _nonce = string.Empty;
    private string _otp = string.Empty;
    private RootGenerationPurpose _purpose;

    public RootGeneration(CofferCore core)
    {
        _core = core;
    }

    public async Task<RootGenerationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var required = await RequiredAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            return new RootGenerationStatus(_nonce, _nonce.Length > 0, _shares.Count, required, false, string.Empty, string.Empty, OtpLength);
        }
    }

    /// <summary>Starts a root-token attempt.</summary>
    public Task<RootGenerationStatus> StartAsync(string? otp, string? pgpKey, CancellationToken cancellationToken) =>
        StartAsync(RootGenerationPurpose.Root, otp, pgpKey, cancellationToken);

    /// <summary>
    /// Starts an attempt for <paramref name="purpose"/>; without an OTP the server generates one and returns it in this
    /// response only.
    /// </summary>
    public async Task<RootGenerationStatus> StartAsync(RootGenerationPurpose purpose, string? otp, string? pgpKey, CancellationToken cancellationToken)
    {
        EnsureUsable();
        if (!string.IsNullOrEmpty(pgpKey))
        {
            throw CofferException.BadRequest("pgp_key is not supported by this server; use an OTP");
        }

        var generatedOtp = string.Empty;
        if (string.IsNullOrEmpty(otp))
        {
            otp = generatedOtp = RootTokenEncoding.GenerateOtp(OtpLength);
        }
        else if (otp.Length != OtpLength)
        {
            throw CofferException.BadRequest("OTP string is wrong length");
        }

        var required = await RequiredAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            // Vault words this the same whichever kind of attempt holds the slot.
            if (_nonce.Length > 0)
            {
                throw CofferException.BadRequest("root generation already in progress");
            }

            _nonce = Guid.NewGuid().ToString();
            _otp = otp;
            _purpose = purpose;
            return new RootGenerationStatus(_nonce, true, 0, required, false, string.Empty, generatedOtp, OtpLength);
        }
    }

    /// <summary>Aborts the running attempt, whatever its purpose, and forgets its shares.</summary>
    public void Cancel()
    {
        lock (_lock)
        {
            Reset();
        }
    }

    /// <summary>Aborts the running attempt only if it is one for <paramref name="purpose"/>.</summary>
    public void Cancel(RootGenerationPurpose purpose)
    {
        lock (_lock)
        {
            if (_nonce.Length > 0 && _purpose == purpose)
            {
                Reset();
            }
        }
    }

    /// <summary>Submits a share to a root-token attempt.</summary>
    public Task<RootGenerationStatus> UpdateAsync(string key, string nonce, CancellationToken cancellationToken) =>
        UpdateAsync(RootGenerationPurpose.Root, key, nonce, cancellationToken);

    /// <summary>
    /// Submits a share to the running attempt, which must be one for <paramref name="purpose"/>. The share that meets
    /// the threshold completes the attempt: the shares must rebuild the root key, and the new token is returned
    /// encoded with the OTP.
    /// </summary>
    public async Task<RootGenerationStatus> UpdateAsync(RootGenerationPurpose purpose, string key, string nonce, CancellationToken cancellationToken)
    {
        EnsureUsable();
        if (string.IsNullOrEmpty(key))
        {
            throw CofferException.BadRequest("'key' must be specified in request body as JSON");
        }

        var share = UnsealKeyEncoding.Decode(key);
        var config = await _core.GetSealConfigAsync(cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.BadRequest("server is not yet initialized");
        byte[] rootKey;
        string otp;
        string completedNonce;
        lock (_lock)
        {
            if (_nonce.Length == 0)
            {
                throw CofferException.BadRequest("no root generation in progress");
            }

            if (nonce != _nonce)
            {
                throw CofferException.BadRequest($"incorrect nonce supplied; nonce for this root generation operation is \"{_nonce}\"");
            }

            if (purpose != _purpose)
            {
                throw CofferException.BadRequest("incorrect strategy supplied; a generate root operation of another type is already in progress");
            }

            if (!_shares.Add(share))
            {
                throw CofferException.BadRequest("given key has already been provided during this generation operation");
            }

            if (_shares.Count < config.SecretThreshold)
            {
                return new RootGenerationStatus(_nonce, true, _shares.Count, config.SecretThreshold, false, string.Empty, string.Empty, OtpLength);
            }

            // The slot is freed before the slow part, so a concurrent share cannot complete the same attempt twice.
            otp = _otp;
            completedNonce = _nonce;
            try
            {
                rootKey = CofferCore.CombineShares(config, _shares.Shares);
            }
            catch (CofferException)
            {
                throw Aborted();
            }
            finally
            {
                Reset();
            }
        }

        try
        {
            if (!await _core.VerifyRootKeyAsync(rootKey, cancellationToken).ConfigureAwait(false))
            {
                throw Aborted();
            }
        }
        finally
        {
            Array.Clear(rootKey);
        }

        var token = await MintAsync(purpose, cancellationToken).ConfigureAwait(false);
        var encoded = RootTokenEncoding.Encode(token, otp);
        return new RootGenerationStatus(completedNonce, true, config.SecretThreshold, config.SecretThreshold, true, encoded, string.Empty, OtpLength);
    }

    private async Task<string> MintAsync(RootGenerationPurpose purpose, CancellationToken cancellationToken) => purpose switch
    {
        RootGenerationPurpose.Root => (await _core.Tokens.CreateRootTokenAsync(null, cancellationToken).ConfigureAwait(false)).Id,
        RootGenerationPurpose.DrOperationToken => await _core.Replication.IssueOperationTokenAsync(cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    private static CofferException Aborted() => CofferException.BadRequest("root generation aborted: unseal failed, invalid key");

    private void Reset()
    {
        _shares.Reset();
        _nonce = string.Empty;
        _otp = string.Empty;
        _purpose = RootGenerationPurpose.Root;
    }

    private void EnsureUsable()
    {
        if (_core.IsSealed)
        {
            throw CofferException.SealedError();
        }
    }

    private async Task<int> RequiredAsync(CancellationToken cancellationToken) =>
        (await _core.GetSealConfigAsync(cancellationToken).ConfigureAwait(false))?.SecretThreshold ?? 0;
}

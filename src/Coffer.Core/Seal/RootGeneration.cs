using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;

namespace Coffer.Core.Seal;

/// <summary>
/// A threshold of key holders minting a token without any existing token: an attempt is started with a
/// one-time password, each holder submits a share with the attempt's nonce, and when the threshold is met the
/// new token is returned XOR-ed with the OTP, so only the person holding the OTP can read it.
/// </summary>
public sealed class RootGeneration
{
    /// <summary><c>hvs.</c> plus 24 base62 characters: the length of a root token and so of the OTP.</summary>
    public const int OtpLength = 28;

    private readonly CofferCore _core;
    private readonly RootGenerationPurpose _purpose;
    private readonly ShareCollector _shares = new();
    private readonly Lock _lock = new();
    private string _nonce = string.Empty;
    private string _otp = string.Empty;

    public RootGeneration(CofferCore core, RootGenerationPurpose purpose)
    {
        _core = core;
        _purpose = purpose;
    }

    /// <summary>Produces the token once the threshold is met; set by the owner of this generation flow.</summary>
    public Func<CancellationToken, Task<string>>? TokenFactory { get; set; }

    public async Task<RootGenerationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var required = await RequiredAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            return Status(required, string.Empty, string.Empty, complete: false);
        }
    }

    public async Task<RootGenerationStatus> StartAsync(string? otp, string? pgpKey, CancellationToken cancellationToken)
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
            if (_nonce.Length > 0)
            {
                throw CofferException.BadRequest(_purpose == RootGenerationPurpose.Root
                    ? "root generation already in progress"
                    : "DR operation token generation already in progress");
            }

            _nonce = Guid.NewGuid().ToString();
            _otp = otp;
            return Status(required, string.Empty, generatedOtp, complete: false);
        }
    }

    public void Cancel()
    {
        lock (_lock)
        {
            _shares.Reset();
            _nonce = string.Empty;
            _otp = string.Empty;
        }
    }

    public async Task<RootGenerationStatus> UpdateAsync(string key, string nonce, CancellationToken cancellationToken)
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
        lock (_lock)
        {
            if (_nonce.Length == 0)
            {
                throw CofferException.BadRequest(_purpose == RootGenerationPurpose.Root ? "no root generation in progress" : "no DR operation token generation in progress");
            }

            if (nonce != _nonce)
            {
                throw CofferException.BadRequest($"incorrect nonce supplied; nonce for this root generation operation is \"{_nonce}\"");
            }

            if (!_shares.Add(share))
            {
                throw CofferException.BadRequest("given key has already been provided during this generation operation");
            }

            if (_shares.Count < config.SecretThreshold)
            {
                return Status(config.SecretThreshold, string.Empty, string.Empty, complete: false);
            }

            otp = _otp;
            try
            {
                rootKey = CofferCore.CombineShares(config, _shares.Shares);
            }
            catch (CofferException)
            {
                Cancel();
                throw CofferException.BadRequest("root generation aborted: unseal failed, invalid key");
            }
        }

        try
        {
            if (!await _core.VerifyRootKeyAsync(rootKey, cancellationToken).ConfigureAwait(false))
            {
                Cancel();
                throw CofferException.BadRequest("root generation aborted: unseal failed, invalid key");
            }
        }
        finally
        {
            Array.Clear(rootKey);
        }

        var token = TokenFactory is not null
            ? await TokenFactory(cancellationToken).ConfigureAwait(false)
            : (await _core.Tokens.CreateRootTokenAsync(null, cancellationToken).ConfigureAwait(false)).Id;
        var encoded = RootTokenEncoding.Encode(token, otp);
        lock (_lock)
        {
            var status = Status(config.SecretThreshold, encoded, string.Empty, complete: true) with { Progress = config.SecretThreshold };
            _shares.Reset();
            _nonce = string.Empty;
            _otp = string.Empty;
            return status;
        }
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

    private RootGenerationStatus Status(int required, string encodedToken, string otp, bool complete) =>
        new(_nonce, _nonce.Length > 0 || complete, _shares.Count, required, complete, encodedToken, otp, OtpLength);
}

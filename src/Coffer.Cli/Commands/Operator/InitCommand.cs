using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Api.Sys;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator;

internal sealed class InitCommand : ApiCommand
{
    private readonly IntFlag _keyShares;
    private readonly IntFlag _keyThreshold;
    private readonly StringFlag _pgpKeys;
    private readonly StringFlag _rootTokenPgpKey;
    private readonly BoolFlag _status;
    private readonly IntFlag _recoveryShares;
    private readonly IntFlag _recoveryThreshold;
    private readonly StringFlag _recoveryPgpKeys;
    private readonly IntFlag _storedShares;

    public InitCommand()
    {
        var s = Flags.Section("Common Options");
        _keyShares = s.Int("key-shares", 5, "How many unseal key shares to split the root key into.", "n");
        _keyThreshold = s.Int("key-threshold", 3, "How many shares it takes to unseal; at most -key-shares.", "t");
        _pgpKeys = s.String("pgp-keys", "", "Comma-separated PGP public key files (or keybase:<user>) to encrypt each share with, one per share.");
        _rootTokenPgpKey = s.String("root-token-pgp-key", "", "PGP public key file (or keybase:<user>) to encrypt the initial root token with.");
        _status = s.Bool("status", false, "Only report whether the server is initialized: exit code 0 yes, 2 no, 1 on error.");

        var a = Flags.Section("Advanced Options");
        _recoveryShares = a.Int("recovery-shares", 5, "How many recovery key shares to create (auto-unseal only).");
        _recoveryThreshold = a.Int("recovery-threshold", 3, "How many recovery shares a recovery operation needs (auto-unseal only).");
        _recoveryPgpKeys = a.String("recovery-pgp-keys", "", "Like -pgp-keys, for the recovery shares (auto-unseal only).");
        _storedShares = a.Int("stored-shares", -1, "Deprecated; has no effect.");
    }

    public override string Synopsis => "Initialize a new server";

    protected override string Usage => """
        Usage: coffer operator init [options]

          Initializes a new server: generates the root key, splits it into unseal key
          shares with Shamir's secret sharing, and creates the initial root token.
          This runs once per cluster. The keys are printed once and never stored by
          the server, so distribute them securely:

              $ coffer operator init -key-shares=5 -key-threshold=3

          Check whether a server is initialized (exit code 0 yes, 2 no):

              $ coffer operator init -status
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        if (_storedShares.IsSet)
        {
            context.Ui.Warn("-stored-shares has no effect and will be removed in a future release.\n");
        }
        InitRequest request;
        try
        {
            request = BuildRequest();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error reading PGP key file: " + ex.Message);
            return 1;
        }

        using var client = CreateClient(context);
        if (_status.Value)
        {
            return await StatusAsync(context, client, cancellationToken).ConfigureAwait(false);
        }

        InitResponse response;
        try
        {
            response = await client.Sys.InitAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error initializing: " + ex.Message);
            return 2;
        }
        if (!printer.IsTable)
        {
            return printer.Structured(MachineOutput(response));
        }
        PrintTable(context.Ui, response);
        return 0;
    }

    private InitRequest BuildRequest() => new()
    {
        SecretShares = _keyShares.Value,
        SecretThreshold = _keyThreshold.Value,
        PgpKeys = _pgpKeys.Value.Length > 0 ? PgpKeyFiles.ReadList(_pgpKeys.Value) : null,
        RootTokenPgpKey = _rootTokenPgpKey.Value.Length > 0 ? PgpKeyFiles.ReadOne(_rootTokenPgpKey.Value) : null,
        // Recovery settings only apply to auto-unseal; they are sent only when asked for, so that a
        // Shamir-sealed server is not handed parameters it must reject.
        RecoveryShares = _recoveryShares.IsSet ? _recoveryShares.Value : null,
        RecoveryThreshold = _recoveryThreshold.IsSet ? _recoveryThreshold.Value : null,
        RecoveryPgpKeys = _recoveryPgpKeys.Value.Length > 0 ? PgpKeyFiles.ReadList(_recoveryPgpKeys.Value) : null,
    };

    private static async Task<int> StatusAsync(CommandContext context, CofferClient client, CancellationToken cancellationToken)
    {
        bool initialized;
        try
        {
            initialized = await client.Sys.InitStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error checking init status: " + ex.Message);
            return 1;
        }
        if (!initialized)
        {
            context.Ui.Output("Vault is not initialized");
            return 2;
        }
        context.Ui.Output("Vault is initialized");
        return 0;
    }

    private void PrintTable(Ui ui, InitResponse response)
    {
        var useBase64 = response.KeysBase64.Count == response.Keys.Count;
        for (var i = 0; i < response.Keys.Count; i++)
        {
            ui.Output($"Unseal Key {i + 1}: {(useBase64 ? response.KeysBase64[i] : response.Keys[i])}");
        }
        var recoveryBase64 = response.RecoveryKeysBase64.Count == response.RecoveryKeys.Count;
        for (var i = 0; i < response.RecoveryKeys.Count; i++)
        {
            ui.Output($"Recovery Key {i + 1}: {(recoveryBase64 ? response.RecoveryKeysBase64[i] : response.RecoveryKeys[i])}");
        }
        ui.Output("");
        ui.Output("Initial Root Token: " + response.RootToken);

        var shares = _keyShares.Value;
        var threshold = _keyThreshold.Value;
        if (response.Keys.Count > 0)
        {
            ui.Output("");
            ui.Output(TextWrap.WrapAtLength(
                $"Vault initialized with {shares} key shares and a key threshold of {threshold}. Please securely distribute the key shares printed above. When the Vault is re-sealed, restarted, or stopped, you must supply at least {threshold} of these keys to unseal it before it can start servicing requests."));
            ui.Output("");
            ui.Output(TextWrap.WrapAtLength(
                $"Vault does not store the generated root key. Without at least {threshold} keys to reconstruct the root key, Vault will remain permanently sealed!"));
            ui.Output("");
            ui.Output(TextWrap.WrapAtLength(
                "It is possible to generate new unseal keys, provided you have a quorum of existing unseal keys shares. See \"vault operator rekey\" for more information."));
        }
        else
        {
            ui.Output("");
            ui.Output("Success! Vault is initialized");
        }
        if (response.RecoveryKeys.Count > 0)
        {
            ui.Output("");
            ui.Output(TextWrap.WrapAtLength(
                $"Recovery key initialized with {_recoveryShares.Value} key shares and a key threshold of {_recoveryThreshold.Value}. Please securely distribute the key shares printed above."));
        }
    }

    private JsonObject MachineOutput(InitResponse response)
    {
        // Without key shares the server stores the keys itself (auto-unseal): one share, threshold one.
        var storedKeys = response.Keys.Count == 0;
        return new JsonObject
        {
            ["unseal_keys_b64"] = GoJson.StringArray(response.KeysBase64),
            ["unseal_keys_hex"] = GoJson.StringArray(response.Keys),
            ["unseal_shares"] = storedKeys ? 1 : _keyShares.Value,
            ["unseal_threshold"] = storedKeys ? 1 : _keyThreshold.Value,
            ["recovery_keys_b64"] = GoJson.StringArray(response.RecoveryKeysBase64),
            ["recovery_keys_hex"] = GoJson.StringArray(response.RecoveryKeys),
            ["recovery_keys_shares"] = _recoveryShares.Value,
            ["recovery_keys_threshold"] = _recoveryThreshold.Value,
            ["root_token"] = response.RootToken,
        };
    }
}

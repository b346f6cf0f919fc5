using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Api.Sys;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator;

/// <summary>
/// The key-share ceremony that mints a root token, a DR operation token (<c>-dr-token</c>, run on a
/// DR secondary) or a recovery token: start an attempt, collect shares, decode the result with the OTP.
/// </summary>
internal sealed class GenerateRootCommand : ApiCommand
{
    private const int DefaultOtpLength = 28;

    private readonly BoolFlag _init;
    private readonly BoolFlag _cancel;
    private readonly BoolFlag _status;
    private readonly StringFlag _decode;
    private readonly BoolFlag _generateOtp;
    private readonly BoolFlag _drToken;
    private readonly BoolFlag _recoveryToken;
    private readonly StringFlag _otp;
    private readonly StringFlag _pgpKey;
    private readonly StringFlag _nonce;

    public GenerateRootCommand()
    {
        var s = Flags.Section("Command Options");
        _init = s.Bool("init", false, "Start a new attempt; fails while another one is running.");
        _cancel = s.Bool("cancel", false, "Abort the running attempt and forget the shares submitted so far.");
        _status = s.Bool("status", false, "Show the running attempt without submitting a share.");
        _decode = s.String("decode", "", "Decode this encoded token with -otp (\"-\" reads it from standard input).");
        _generateOtp = s.Bool("generate-otp", false, "Print a random one-time password of the length the server expects.");
        _drToken = s.Bool("dr-token", false, "Work on a DR operation token (run against a DR secondary) instead of a root token.");
        _recoveryToken = s.Bool("recovery-token", false, "Work on a recovery token instead of a root token.");
        _otp = s.String("otp", "", "One-time password for -init (your own) or -decode.");
        _pgpKey = s.String("pgp-key", "", "File with a PGP public key (binary or base64) to encrypt the new token with, instead of an OTP. Only with -init.");
        _nonce = s.String("nonce", "", "Nonce of the running attempt, required with each key share given as an argument.");
    }

    public override string Synopsis => "Mint a root or DR operation token from key shares";

    protected override string Usage => """
        Usage: coffer operator generate-root [options] [KEY | -]

          Generates a new root token (or, with -dr-token, a DR operation token on a
          DR secondary) from a threshold of unseal key shares.

          Start an attempt; the server generates and prints the OTP:

              $ coffer operator generate-root -init

          Each key holder then submits a share (asked for without echo when KEY is
          not given, read from standard input when KEY is "-"):

              $ coffer operator generate-root -nonce=NONCE KEY

          Decode the encoded token printed by the last share:

              $ coffer operator generate-root -decode=ENCODED -otp=OTP

          Other forms: -status, -cancel, -generate-otp.
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1, "0-1");
        if (_drToken.Value && _recoveryToken.Value)
        {
            context.Ui.Error("Both -recovery-token and -dr-token flags are set");
            return 1;
        }
        var printer = CreatePrinter(context);
        var kind = _drToken.Value ? GenerateRootKind.DrOperationToken
            : _recoveryToken.Value ? GenerateRootKind.Recovery
            : GenerateRootKind.Root;
        using var client = CreateClient(context);

        if (_generateOtp.Value)
        {
            return await GenerateOtpAsync(context, client, printer, kind, cancellationToken).ConfigureAwait(false);
        }
        if (_decode.Value.Length > 0)
        {
            return await DecodeAsync(context, client, printer, kind, cancellationToken).ConfigureAwait(false);
        }
        if (_cancel.Value)
        {
            return await CancelAsync(context, client, kind, cancellationToken).ConfigureAwait(false);
        }
        if (_init.Value)
        {
            return await InitAsync(context, client, printer, kind, cancellationToken).ConfigureAwait(false);
        }
        if (_status.Value)
        {
            var status = await FetchStatusAsync(context, client, kind, cancellationToken).ConfigureAwait(false);
            return status is null ? 2 : PrintStatus(context, printer, status);
        }
        return await ProvideKeyAsync(context, client, printer, kind, args.Count > 0 ? args[0].Trim() : "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The status rows of an attempt, without a header.</summary>
    public static List<IReadOnlyList<string>> StatusRows(GenerateRootStatus status)
    {
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "Nonce", status.Nonce },
            new[] { "Started", status.Started ? "true" : "false" },
            new[] { "Progress", $"{N(status.Progress)}/{N(status.Required)}" },
            new[] { "Complete", status.Complete ? "true" : "false" },
        };
        if (status.PgpFingerprint.Length > 0)
        {
            rows.Add(["PGP Fingerprint", status.PgpFingerprint]);
        }
        if (status.EncodedToken.Length > 0)
        {
            rows.Add(["Encoded Token", status.EncodedToken]);
        }
        else if (status.EncodedRootToken.Length > 0)
        {
            rows.Add(["Encoded Root Token", status.EncodedRootToken]);
        }
        if (status.Otp.Length > 0)
        {
            rows.Add(["OTP", status.Otp]);
        }
        if (status.OtpLength != 0)
        {
            rows.Add(["OTP Length", N(status.OtpLength)]);
        }
        return rows;
    }

    public static JsonObject StatusJson(GenerateRootStatus status) => new()
    {
        ["nonce"] = status.Nonce,
        ["started"] = status.Started,
        ["progress"] = status.Progress,
        ["required"] = status.Required,
        ["complete"] = status.Complete,
        ["encoded_token"] = status.EncodedToken,
        ["encoded_root_token"] = status.EncodedRootToken,
        ["pgp_fingerprint"] = status.PgpFingerprint,
        ["otp"] = status.Otp,
        ["otp_length"] = status.OtpLength,
    };

    private static int PrintStatus(CommandContext context, Printer printer, GenerateRootStatus status)
    {
        if (!printer.IsTable)
        {
            return printer.Structured(StatusJson(status));
        }
        if (status.Otp.Length > 0)
        {
            context.Ui.Warn(TextWrap.WrapAtLength(
                "A One-Time-Password has been generated for you and is shown in the OTP field. You will need this value to decode the resulting root token, so keep it safe."));
        }
        context.Ui.Output(Columns.Format(StatusRows(status)));
        return 0;
    }

    private static async Task<GenerateRootStatus?> FetchStatusAsync(CommandContext context, CofferClient client, GenerateRootKind kind, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Sys.GenerateRootStatusAsync(kind, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error getting root generation status: " + ex.Message);
            return null;
        }
    }

    private static async Task<int> GenerateOtpAsync(CommandContext context, CofferClient client, Printer printer, GenerateRootKind kind, CancellationToken cancellationToken)
    {
        var status = await FetchStatusAsync(context, client, kind, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            return 2;
        }
        var length = status.OtpLength > 0 ? (int)status.OtpLength : DefaultOtpLength;
        var otp = RootTokenCodec.GenerateOtp(length);
        if (printer.IsTable)
        {
            return printer.Raw(otp);
        }
        return printer.Structured(new JsonObject { ["otp"] = otp, ["otp_length"] = otp.Length });
    }

    private async Task<int> DecodeAsync(CommandContext context, CofferClient client, Printer printer, GenerateRootKind kind, CancellationToken cancellationToken)
    {
        var encoded = _decode.Value;
        if (_otp.Value.Length == 0)
        {
            context.Ui.Error("Missing otp: use -otp to supply it");
            return 1;
        }
        if (encoded == "-")
        {
            encoded = context.Env.Stdin.ReadToEnd();
            if (encoded.Length == 0)
            {
                context.Ui.Error("Missing encoded value. When using -decode=\"-\" value must be passed via stdin.");
                return 1;
            }
        }
        // The status call tells which token scheme the server uses (OTP length); it is checked even
        // though the decoding itself is local.
        if (await FetchStatusAsync(context, client, kind, cancellationToken).ConfigureAwait(false) is null)
        {
            return 2;
        }
        string token;
        try
        {
            token = RootTokenCodec.Decode(encoded, _otp.Value);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Error decoding root token: " + ex.Message);
            return 1;
        }
        if (printer.IsTable)
        {
            return printer.Raw(token);
        }
        return printer.Structured(new JsonObject { ["token"] = token });
    }

    private static async Task<int> CancelAsync(CommandContext context, CofferClient client, GenerateRootKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await client.Sys.GenerateRootCancelAsync(kind, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error canceling root token generation: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Success! Root token generation canceled (if it was started)");
        return 0;
    }

    private async Task<int> InitAsync(CommandContext context, CofferClient client, Printer printer, GenerateRootKind kind, CancellationToken cancellationToken)
    {
        if (_otp.Value.Length > 0 && _pgpKey.Value.Length > 0)
        {
            context.Ui.Error("Error initializing: cannot specify both -otp and -pgp-key");
            return 1;
        }
        string pgpKey;
        try
        {
            pgpKey = _pgpKey.Value.Length > 0 ? PgpKeyFiles.ReadOne(_pgpKey.Value) : "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error reading PGP key file: " + ex.Message);
            return 1;
        }
        GenerateRootStatus status;
        try
        {
            status = await client.Sys.GenerateRootInitAsync(kind, _otp.Value, pgpKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error initializing root generation: " + ex.Message);
            return 2;
        }
        return PrintStatus(context, printer, status);
    }

    private async Task<int> ProvideKeyAsync(CommandContext context, CofferClient client, Printer printer, GenerateRootKind kind, string key, CancellationToken cancellationToken)
    {
        var status = await FetchStatusAsync(context, client, kind, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            return 2;
        }
        if (!status.Started)
        {
            var family = kind switch
            {
                GenerateRootKind.DrOperationToken => "-dr-token ",
                GenerateRootKind.Recovery => "-recovery-token ",
                _ => "",
            };
            context.Ui.Error(TextWrap.WrapAtLength(
                $"No root generation is in progress. Start a root generation by running \"coffer operator generate-root {family}-init\"."));
            context.Ui.Warn(TextWrap.WrapAtLength(
                $"An attempt started with your own OTP (-init -otp=...) needs an OTP of exactly {status.OtpLength} characters."));
            return 1;
        }

        var nonce = _nonce.Value;
        if (key == "-")
        {
            key = context.Env.Stdin.ReadToEnd();
        }
        else if (key.Length == 0)
        {
            EnsureInteractive("Refusing to read the key from the terminal with -non-interactive specified; pass the key as an argument.");
            // At the prompt the nonce of the running attempt is used and shown.
            nonce = status.Nonce;
            context.Ui.Output("Operation nonce: " + nonce);
            var answer = Prompt.ReadSecret(context, "Unseal Key (will be hidden): ");
            if (answer is null)
            {
                context.Ui.Error("An error occurred attempting to ask for the unseal key: standard input is closed. Pass \"-\" as the argument to read the key from standard input.");
                return 1;
            }
            key = answer;
        }
        key = key.Trim();
        if (nonce.Length == 0)
        {
            context.Ui.Error("Missing nonce value: specify it via the -nonce flag");
            return 1;
        }
        try
        {
            status = await client.Sys.GenerateRootUpdateAsync(kind, key, nonce, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error posting unseal key: " + ex.Message);
            return 2;
        }
        return PrintStatus(context, printer, status);
    }
}

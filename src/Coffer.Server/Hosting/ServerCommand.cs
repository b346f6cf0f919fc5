using Coffer.Core;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Hosting;

/// <summary>
/// The <c>coffer server</c> command: parses its flags (<c>-dev</c>, <c>-config</c>, ...), starts the
/// server and runs until SIGINT/SIGTERM. The CLI calls this; it owns no other server logic.
/// </summary>
public static class ServerCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ServerFlags flags;
        try
        {
            flags = ServerFlags.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        CofferServerOptions options;
        try
        {
            options = flags.Dev ? DevOptions(flags) : await ConfiguredServer.OptionsAsync(flags, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerStartupException e)
        {
            await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        using var ownedStorage = options.Storage as IDisposable;
        try
        {
            return await ServeAsync(options, flags, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A signal during start-up (say, while dev mode initialises) is a normal, clean stop.
            return 0;
        }
    }

    private static async Task<int> ServeAsync(CofferServerOptions options, ServerFlags flags, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        InitResult? dev = null;
        if (flags.Dev)
        {
            options = options with { BeforeListening = async (core, ct) => dev = await PrepareDevModeAsync(core, flags, ct).ConfigureAwait(false) };
        }

        await using var server = await CofferServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        if (dev is not null)
        {
            await PrintDevBannerAsync(server, dev, flags, stdout, stderr).ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteLineAsync($"==> Coffer server started! Listening on {string.Join(", ", server.Addresses)}; storage: {options.Storage.Name}").ConfigureAwait(false);
        }

        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static CofferServerOptions DevOptions(ServerFlags flags) =>
        new([new ListenerOptions(flags.DevListenAddress)], new InMemoryBackend(), BuiltinEngines.Configure(new CoreOptions()))
        {
            LogLevel = LogLevels.Parse(flags.LogLevel),
        };

    /// <summary>
    /// Dev mode as in Vault: initialised with one key share, unsealed, a known root token stored for the CLI,
    /// and KV version 2 at <c>secret/</c>; all of it before the listeners accept connections.
    /// </summary>
    private static async Task<InitResult> PrepareDevModeAsync(CofferCore core, ServerFlags flags, CancellationToken cancellationToken)
    {
        var init = await core.InitializeAsync(new SealConfig(1, 1), flags.DevRootTokenId, cancellationToken).ConfigureAwait(false);
        await core.SubmitUnsealKeyAsync(UnsealKeyOf(init), cancellationToken).ConfigureAwait(false);
        if (core.Options.SecretsEngines.ContainsKey("kv"))
        {
            var options = new System.Text.Json.Nodes.JsonObject { ["version"] = flags.DevKvV1 ? "1" : "2" };
            await core.EnableMountAsync(
                BuiltinMounts.New("secret/", "kv", "key/value secret storage", core.Time, builtIn: false) with { Options = options },
                cancellationToken).ConfigureAwait(false);
        }

        if (!flags.DevNoStoreToken)
        {
            TokenHelperFile.Store(init.RootToken);
        }

        return init;
    }

    private static string UnsealKeyOf(InitResult init) => Convert.ToBase64String(init.KeyShares[0]);

    private static async Task PrintDevBannerAsync(CofferServer server, InitResult init, ServerFlags flags, TextWriter stdout, TextWriter stderr)
    {
        var address = server.Addresses.FirstOrDefault() ?? "http://" + flags.DevListenAddress;
        await stderr.WriteLineAsync("""
            WARNING! dev mode is enabled! In this mode, Coffer runs entirely in-memory
            and starts unsealed with a single unseal key. The root token is already
            authenticated to the CLI, so you can immediately begin using Coffer.
            """).ConfigureAwait(false);
        await stdout.WriteLineAsync($"""

            You may need to set the following environment variables:

                $ export VAULT_ADDR='{address}'

            The unseal key and root token are displayed below in case you want to
            seal/unseal the server or re-authenticate.

            Unseal Key: {UnsealKeyOf(init)}
            Root Token: {init.RootToken}

            Development mode should NOT be used in production installations!

            ==> Coffer server started! Log data will stream in below:
            """).ConfigureAwait(false);
    }
}

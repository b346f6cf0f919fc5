using Coffer.Core.Replication;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// <c>sys/replication/*</c>: DR replication status and the primary and secondary operations. The status paths and the
/// secondary operations that carry a <c>dr_operation_token</c> are unauthenticated at the router, as in Vault; the
/// primary operations are root-protected (sudo).
/// </summary>
internal static class SysReplicationPaths
{
    /// <summary>Paths (relative to <c>sys/</c>) served without <c>X-Vault-Token</c>.</summary>
    public static readonly string[] Unauthenticated =
    [
        "replication/status", "replication/dr/status", "replication/performance/status",
        "replication/dr/secondary/promote", "replication/dr/secondary/update-primary", "replication/dr/secondary/disable",
        "replication/dr/secondary/reindex", "replication/dr/secondary/recover",
        "replication/dr/secondary/operation-token/delete",
    ];

    /// <summary>Paths (relative to <c>sys/</c>) that need sudo.</summary>
    public static readonly string[] Root = ["replication/dr/primary/*"];

    private const string DrOperationTokenField = "dr_operation_token";

    private static readonly FieldSchema DrOperationToken =
        FieldSchema.String(DrOperationTokenField, "A DR operation token: one generated on this secondary (single use), or a batch token whose policies grant update on this path.") with { Sensitive = true };

    private static readonly FieldSchema[] ActivationFields =
    [
        FieldSchema.String("token", "The activation token from the primary's secondary-token endpoint."),
        FieldSchema.String("primary_api_addr", "The primary's API address, where the activation token is unwrapped."),
        FieldSchema.String("ca_file", "A PEM file (on this server) of CAs trusted for the primary's API TLS certificate."),
        FieldSchema.String("ca_path", "A directory (on this server) of PEM files of CAs trusted for the primary's API."),
        FieldSchema.String("client_cert_pem", "A PEM client certificate presented to the primary's API."),
        FieldSchema.String("client_key_pem", "The PEM private key of client_cert_pem."),
    ];

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("replication/status", [], Handlers.Of((Operation.Read, async (_, _, ct) =>
            LogicalResponse.WithData(await core.Replication.StatusAsync(ct).ConfigureAwait(false)))))
        {
            Synopsis = "The replication status of this cluster, DR and performance.",
        },
        new PathSpec("replication/dr/status", [], Handlers.Of((Operation.Read, async (_, _, ct) =>
            LogicalResponse.WithData(await core.Replication.DrStatusAsync(ct).ConfigureAwait(false)))))
        {
            Synopsis = "The DR replication status of this cluster.",
        },
        new PathSpec("replication/performance/status", [], Handlers.Of((Operation.Read, (_, _, _) =>
            Task.FromResult<LogicalResponse?>(LogicalResponse.WithData(new System.Text.Json.Nodes.JsonObject { ["mode"] = "disabled" })))))
        {
            Synopsis = "Performance replication status; performance replication is not offered.",
        },
        new PathSpec("replication/dr/primary/enable", [FieldSchema.String("primary_cluster_addr", "The cluster address secondaries dial, when the configured one is not reachable.")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
                await core.Replication.EnablePrimaryAsync(data.GetString("primary_cluster_addr"), ct).ConfigureAwait(false))))
        {
            Synopsis = "Enables DR replication with this cluster as the primary.",
        },
        new PathSpec("replication/dr/primary/secondary-token", [
                FieldSchema.String("id", "An identifier for the secondary, unique among this primary's secondaries."),
                FieldSchema.Duration("ttl", "How long the activation token stays valid; 30m by default."),
                FieldSchema.String("secondary_public_key", "The secondary's key from generate-public-key: the activation is encrypted to it and returned as data.token, not wrapped."),
            ],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                var ttl = data.IsSet("ttl") ? data.GetDuration("ttl") : DrReplication.DefaultActivationTtl;
                return await core.Replication.IssueSecondaryTokenAsync(data.GetString("id"), ttl, data.GetString("secondary_public_key"), request.Id, ct)
                    .ConfigureAwait(false);
            })))
        {
            Synopsis = "Issues an activation token for a new DR secondary.",
        },
        new PathSpec("replication/dr/primary/revoke-secondary", [FieldSchema.String("id", "The secondary to revoke.")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                await core.Replication.RevokeSecondaryAsync(data.GetString("id"), ct).ConfigureAwait(false);
                return null;
            })))
        {
            Synopsis = "Revokes a DR secondary: it is disconnected and cannot reconnect.",
        },
        new PathSpec("replication/dr/primary/disable", [], Handlers.Of(Handlers.Write(async (_, _, ct) =>
        {
            await core.Replication.DisablePrimaryAsync(ct).ConfigureAwait(false);
            return null;
        })))
        {
            Synopsis = "Disables DR replication on this primary; re-enabling creates a new replication set.",
        },
        new PathSpec("replication/dr/primary/demote", [], Handlers.Of(Handlers.Write(async (_, _, ct) =>
            await core.Replication.DemoteAsync(ct).ConfigureAwait(false))))
        {
            Synopsis = "Demotes this primary to a DR secondary that follows no primary.",
        },
        new PathSpec("replication/dr/secondary/generate-public-key", [], Handlers.Of(Handlers.Write(async (_, _, ct) =>
            await core.Replication.GeneratePublicKeyAsync(ct).ConfigureAwait(false))))
        {
            Synopsis = "Creates this cluster's activation key pair; the primary encrypts an activation token to its public half.",
        },
        new PathSpec("replication/dr/secondary/enable", ActivationFields,
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
                await core.Replication.EnableSecondaryAsync(ActivationOf(data), ct).ConfigureAwait(false))))
        {
            Synopsis = "Enables this cluster as a DR secondary. All of its data is wiped.",
        },
        new PathSpec("replication/dr/secondary/promote", [
                DrOperationToken,
                FieldSchema.String("primary_cluster_addr", "The cluster address this cluster's secondaries dial once it is the primary."),
                FieldSchema.Bool("force", "Promote even while the primary is still active or the first copy is incomplete; writes may be lost."),
            ],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
                return await core.Replication.PromoteAsync(data.GetString("primary_cluster_addr"), data.GetBool("force"), ct).ConfigureAwait(false);
            })))
        {
            Synopsis = "Promotes this DR secondary to be the primary of its replication set.",
        },
        new PathSpec("replication/dr/secondary/update-primary", [
                DrOperationToken,
                .. ActivationFields,
                FieldSchema.StringList("update_primary_addrs", "Not supported: give a new activation token instead."),
            ],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
                if (data.GetStringList("update_primary_addrs").Count > 0)
                {
                    throw CofferException.BadRequest("update_primary_addrs is not supported by this server: give a new activation token in \"token\"");
                }

                if (!data.IsSet("token"))
                {
                    throw CofferException.BadRequest("missing required \"token\" parameter (an empty token makes this secondary follow no primary)");
                }

                await core.Replication.UpdatePrimaryAsync(ActivationOf(data), ct).ConfigureAwait(false);
                return null;
            })))
        {
            Synopsis = "Points this DR secondary at another primary, without a wipe.",
        },
        new PathSpec("replication/dr/secondary/disable", [DrOperationToken], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
            await core.Replication.DisableSecondaryAsync(ct).ConfigureAwait(false);
            return null;
        })))
        {
            Synopsis = "Stops DR replication on this secondary; the cluster keeps its data and serves it on its own.",
        },
        new PathSpec("replication/dr/secondary/reindex", [
                DrOperationToken,
                FieldSchema.Bool("diff", "Accepted for compatibility; a re-index always copies every key."),
                FieldSchema.Bool("force", "Accepted for compatibility; a re-index always copies every key."),
                FieldSchema.Bool("skip_flush", "Accepted for compatibility."),
            ],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
                return await core.Replication.ReindexAsync(ct).ConfigureAwait(false);
            })))
        {
            Synopsis = "Copies the primary's data again, from scratch.",
        },
        new PathSpec("replication/dr/secondary/recover", [DrOperationToken], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
            return await core.Replication.RecoverAsync(ct).ConfigureAwait(false);
        })))
        {
            Synopsis = "Restarts this secondary's connection to its primary.",
        },
        new PathSpec("replication/dr/secondary/operation-token/delete", [DrOperationToken], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            await AuthorizeAsync(core, request, data, ct).ConfigureAwait(false);
            await core.Replication.DiscardOperationTokenAsync(ct).ConfigureAwait(false);
            return null;
        })))
        {
            Synopsis = "Revokes this secondary's generated DR operation token.",
        },
    ];

    /// <summary>On a DR secondary the mode is checked first ("Not a DR secondary."), then the DR operation token.</summary>
    private static async Task AuthorizeAsync(CofferCore core, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        if (!core.Replication.IsSecondary)
        {
            throw DrErrors.NotSecondary();
        }

        await core.Replication.ValidateOperationTokenAsync("sys/" + request.Path, data.GetString(DrOperationTokenField), cancellationToken).ConfigureAwait(false);
    }

    private static DrActivationRequest ActivationOf(FieldData data) => new(
        data.GetString("token"),
        data.GetString("primary_api_addr"),
        data.GetString("ca_file"),
        data.GetString("ca_path"),
        data.GetString("client_cert_pem"),
        data.GetString("client_key_pem"));
}

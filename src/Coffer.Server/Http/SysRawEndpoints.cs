using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Ha;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;
using Coffer.Sdk.Logical;
using Coffer.Server.Cluster;
using Coffer.Server.Hosting;

namespace Coffer.Server.Http;

/// <summary>
/// The handlers outside the logical pipeline, as in Vault: they work while sealed and answer with their own
/// JSON (no envelope): init, seal-status, unseal, seal, health, leader, generate-root and a DR secondary's
/// generate-operation-token (the same ceremony, minting a DR operation token).
/// </summary>
internal sealed class SysRawEndpoints(CofferCore core, ServerIdentity identity, ActiveNodeLocator? activeNode = null)
{
    private const string OperationTokenAttempt = "sys/replication/dr/secondary/generate-operation-token/attempt";
    private const string OperationTokenUpdate = "sys/replication/dr/secondary/generate-operation-token/update";

    public static readonly IReadOnlySet<string> Paths = new HashSet<string>(StringComparer.Ordinal)
    {
        "sys/init", "sys/seal-status", "sys/unseal", "sys/seal", "sys/health", "sys/leader",
        "sys/generate-root/attempt", "sys/generate-root/update", OperationTokenAttempt, OperationTokenUpdate,
    };

    /// <summary>The status-code parameters of <c>sys/health</c>, including those of states Coffer has no use for yet.</summary>
    private static readonly string[] HealthCodeParameters =
        ["activecode", "standbycode", "sealedcode", "uninitcode", "drsecondarycode", "performancestandbycode", "removedcode", "haunhealthycode"];

    public Task HandleAsync(HttpContext context, string path) => path switch
    {
        "sys/init" => InitAsync(context),
        "sys/seal-status" => Only(context, ["GET"], () => SealStatusAsync(context)),
        "sys/unseal" => Only(context, ["PUT", "POST"], () => UnsealAsync(context)),
        "sys/seal" => Only(context, ["PUT", "POST"], () => SealAsync(context)),
        "sys/health" => Only(context, ["GET", "HEAD"], () => HealthAsync(context)),
        "sys/leader" => Only(context, ["GET"], () => LeaderAsync(context)),
        "sys/generate-root/attempt" => GenerationAttemptAsync(context, path, RootGenerationPurpose.Root),
        "sys/generate-root/update" => Only(context, ["PUT", "POST"], () => GenerationUpdateAsync(context, path, RootGenerationPurpose.Root)),
        OperationTokenAttempt => GenerationAttemptAsync(context, path, RootGenerationPurpose.DrOperationToken),
        OperationTokenUpdate => Only(context, ["PUT", "POST"], () => GenerationUpdateAsync(context, path, RootGenerationPurpose.DrOperationToken)),
        _ => throw new CofferException(ErrorKind.UnsupportedPath, "unsupported path"),
    };

    private static Task Only(HttpContext context, string[] methods, Func<Task> handler) =>
        methods.Contains(context.Request.Method) ? handler() : throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());

    private async Task InitAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (context.Request.Method == "GET")
        {
            var initialized = await core.IsInitializedAsync(ct).ConfigureAwait(false);
            await VaultResponseWriter.WriteJsonAsync(context, 200, new JsonObject { ["initialized"] = initialized }).ConfigureAwait(false);
            return;
        }

        if (context.Request.Method is not ("PUT" or "POST"))
        {
            throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());
        }

        var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
        var unsupported = new[] { "recovery_shares", "recovery_threshold", "recovery_pgp_keys", "stored_shares" }
            .Where(k => body.Has(k) && body.Int(k) != 0).ToList();
        if (unsupported.Count > 0)
        {
            throw CofferException.BadRequest($"parameters {string.Join(',', unsupported)} not applicable to seal type shamir");
        }

        if (body.Has("pgp_keys") || body.String("root_token_pgp_key").Length > 0)
        {
            throw CofferException.BadRequest("pgp_keys and root_token_pgp_key are not supported by this server; key shares are returned in plain hex and base64");
        }

        var config = new SealConfig((int)body.Int("secret_shares"), (int)body.Int("secret_threshold"));
        var result = await core.InitializeAsync(config, null, ct).ConfigureAwait(false);
        await VaultResponseWriter.WriteJsonAsync(context, 200, new JsonObject
        {
            ["keys"] = new JsonArray([.. result.KeyShares.Select(k => (JsonNode?)Convert.ToHexStringLower(k))]),
            ["keys_base64"] = new JsonArray([.. result.KeyShares.Select(k => (JsonNode?)Convert.ToBase64String(k))]),
            ["root_token"] = result.RootToken,
        }).ConfigureAwait(false);
    }

    private async Task SealStatusAsync(HttpContext context)
    {
        var status = await core.GetSealStatusAsync(context.RequestAborted).ConfigureAwait(false);
        await VaultResponseWriter.WriteJsonAsync(context, 200, SealStatusJson(status)).ConfigureAwait(false);
    }

    private async Task UnsealAsync(HttpContext context)
    {
        var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
        var ct = context.RequestAborted;
        SealStatus status;
        if (body.Bool("reset"))
        {
            status = await core.ResetUnsealAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var key = body.String("key");
            if (key.Length == 0)
            {
                throw CofferException.BadRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
            }

            status = await core.SubmitUnsealKeyAsync(key, ct).ConfigureAwait(false);
        }

        await VaultResponseWriter.WriteJsonAsync(context, 200, SealStatusJson(status)).ConfigureAwait(false);
    }

    private async Task SealAsync(HttpContext context)
    {
        await core.AuthorizeRawAsync(RequestParser.ClientToken(context.Request.Headers), "sys/seal", Operation.Update, sudo: true, context.RequestAborted).ConfigureAwait(false);
        await core.SealAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task HealthAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var status = await core.GetSealStatusAsync(context.RequestAborted).ConfigureAwait(false);
        var standby = !status.Sealed && core.IsStandby;
        // Every parameter is checked, whichever one this node's state uses, as Vault does: a typo in a monitoring
        // probe fails on every node, not only on the node in the state it names.
        _ = QueryBool(query, "standbyok");
        _ = QueryBool(query, "perfstandbyok");
        foreach (var name in HealthCodeParameters)
        {
            _ = QueryStatusCode(query, name, 0);
        }

        var code = !status.Initialized ? QueryStatusCode(query, "uninitcode", 501)
            : status.Sealed ? QueryStatusCode(query, "sealedcode", 503)
            : core.Replication.IsSecondary ? QueryStatusCode(query, "drsecondarycode", 472)
            : standby && !QueryBool(query, "standbyok") ? QueryStatusCode(query, "standbycode", 429)
            : QueryStatusCode(query, "activecode", 200);

        if (context.Request.Method == "HEAD")
        {
            context.Response.StatusCode = code;
            return;
        }

        var body = new JsonObject
        {
            ["initialized"] = status.Initialized,
            ["sealed"] = status.Sealed,
            ["standby"] = status.Sealed || standby,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = core.Replication.ModeName,
            ["server_time_utc"] = core.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = core.Options.Version,
            ["enterprise"] = false,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
            ["replication_primary_canary_age_ms"] = 0,
        };
        if (status.ClusterId is not null)
        {
            body["cluster_name"] = status.ClusterName;
            body["cluster_id"] = status.ClusterId;
        }

        if (!status.Sealed && await core.Replication.LastWalAsync(context.RequestAborted).ConfigureAwait(false) is { } lastWal)
        {
            body["last_wal"] = lastWal;
        }

        await VaultResponseWriter.WriteJsonAsync(context, code, body).ConfigureAwait(false);
    }

    private async Task LeaderAsync(HttpContext context)
    {
        if (core.IntegratedStorage is { } raft)
        {
            await VaultResponseWriter.WriteJsonAsync(context, 200, await HaLeaderAsync(raft, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }

        await VaultResponseWriter.WriteJsonAsync(context, 200, new JsonObject
        {
            ["ha_enabled"] = false,
            ["is_self"] = false,
            ["active_time"] = "0001-01-01T00:00:00Z",
            ["leader_address"] = string.Empty,
            ["leader_cluster_address"] = string.Empty,
            ["performance_standby"] = false,
            ["performance_standby_last_remote_wal"] = 0,
            ["raft_committed_index"] = 0,
            ["raft_applied_index"] = 0,
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>sys/leader</c> with integrated storage: the active node's API and cluster addresses (its own on the active
    /// node, its advertisement on a standby) and this node's Raft indexes. A sealed node cannot tell: 503, as Vault.
    /// </summary>
    private async Task<JsonObject> HaLeaderAsync(IIntegratedStorage raft, CancellationToken cancellationToken)
    {
        if (core.IsSealed)
        {
            throw CofferException.SealedError();
        }

        var isSelf = core.IsActive;
        var active = isSelf || activeNode is null ? null : await activeNode.FindAsync(cancellationToken).ConfigureAwait(false);
        var apiAddress = isSelf ? core.Options.ApiAddress : active?.ApiAddress ?? string.Empty;
        var clusterAddress = isSelf ? raft.ClusterAddress : active?.ClusterAddress;
        return new JsonObject
        {
            ["ha_enabled"] = true,
            ["is_self"] = isSelf,
            ["active_time"] = isSelf && core.ActiveSince is { } since
                ? since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
                : "0001-01-01T00:00:00Z",
            ["leader_address"] = apiAddress,
            ["leader_cluster_address"] = clusterAddress is null ? string.Empty : "https://" + clusterAddress,
            ["performance_standby"] = false,
            ["performance_standby_last_remote_wal"] = 0,
            ["raft_committed_index"] = raft.CommittedIndex,
            ["raft_applied_index"] = raft.AppliedIndex,
        };
    }

    private async Task GenerationAttemptAsync(HttpContext context, string path, RootGenerationPurpose purpose)
    {
        var ct = context.RequestAborted;
        await AuthorizeGenerationAsync(context, path, purpose).ConfigureAwait(false);
        RootGenerationStatus status;
        switch (context.Request.Method)
        {
            case "GET":
                status = await core.RootGeneration.StatusAsync(ct).ConfigureAwait(false);
                break;
            case "PUT" or "POST":
                var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
                status = await core.RootGeneration.StartAsync(purpose, body.String("otp"), body.String("pgp_key"), ct).ConfigureAwait(false);
                break;
            case "DELETE":
                core.RootGeneration.Cancel();
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            default:
                throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());
        }

        await VaultResponseWriter.WriteJsonAsync(context, 200, GenerationJson(status, purpose)).ConfigureAwait(false);
    }

    private async Task GenerationUpdateAsync(HttpContext context, string path, RootGenerationPurpose purpose)
    {
        await AuthorizeGenerationAsync(context, path, purpose).ConfigureAwait(false);
        var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
        var status = await core.RootGeneration.UpdateAsync(purpose, body.String("key"), body.String("nonce"), context.RequestAborted).ConfigureAwait(false);
        await VaultResponseWriter.WriteJsonAsync(context, 200, GenerationJson(status, purpose)).ConfigureAwait(false);
    }

    /// <summary>
    /// Vault 2.x: the ceremonies need a token unless the server configuration lists their family in
    /// <c>enable_unauthenticated_access</c> (<c>generate-root</c>, <c>generate-operation-token</c>). generate-root wants
    /// sudo and the capability of the request's operation on the path. generate-operation-token runs on a DR secondary
    /// only (400 "Not a DR secondary." elsewhere) and wants <c>update</c> and <c>sudo</c> on the path whatever the
    /// method, so one policy lets a key holder read the status and submit a share; the token must be one a DR secondary
    /// accepts (a batch token or a root token without TTL from the primary).
    /// </summary>
    private async Task AuthorizeGenerationAsync(HttpContext context, string path, RootGenerationPurpose purpose)
    {
        if (core.IsSealed)
        {
            throw CofferException.SealedError();
        }

        var drToken = purpose == RootGenerationPurpose.DrOperationToken;
        if (drToken && !core.Replication.IsSecondary)
        {
            throw DrErrors.NotSecondary();
        }

        if (core.Options.UnauthenticatedAccess.Contains(drToken ? "generate-operation-token" : "generate-root"))
        {
            return;
        }

        var operation = !drToken && context.Request.Method == "GET" ? Operation.Read : Operation.Update;
        await core.AuthorizeRawAsync(RequestParser.ClientToken(context.Request.Headers), path, operation, sudo: true, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The status document, every field always present; <c>encoded_root_token</c> is set for root tokens only.</summary>
    internal static JsonObject GenerationJson(RootGenerationStatus status, RootGenerationPurpose purpose) => new()
    {
        ["nonce"] = status.Nonce,
        ["started"] = status.Started,
        ["progress"] = status.Progress,
        ["required"] = status.Required,
        ["complete"] = status.Complete,
        ["encoded_token"] = status.EncodedToken,
        ["encoded_root_token"] = purpose == RootGenerationPurpose.Root ? status.EncodedToken : string.Empty,
        ["pgp_fingerprint"] = string.Empty,
        ["otp"] = status.Otp,
        ["otp_length"] = status.OtpLength,
    };

    private JsonObject SealStatusJson(SealStatus status)
    {
        var json = new JsonObject
        {
            ["type"] = SealConfig.Type,
            ["initialized"] = status.Initialized,
            ["sealed"] = status.Sealed,
            ["t"] = status.Threshold,
            ["n"] = status.Shares,
            ["progress"] = status.Progress,
            ["nonce"] = status.Nonce,
            ["version"] = core.Options.Version,
            ["build_date"] = identity.BuildDate,
            ["migration"] = false,
        };
        if (status.ClusterId is not null)
        {
            json["cluster_name"] = status.ClusterName;
            json["cluster_id"] = status.ClusterId;
        }

        json["recovery_seal"] = false;
        json["storage_type"] = status.StorageType;
        return json;
    }

    /// <summary>
    /// A status code the caller wants instead of the default. Only final statuses that fit an HTTP status line
    /// (200–999) can be answered with the health document; anything else would be a malformed or informational
    /// response, so it is refused like an unparsable code.
    /// </summary>
    private static int QueryStatusCode(IQueryCollection query, string name, int fallback)
    {
        if (!query.TryGetValue(name, out var value))
        {
            return fallback;
        }

        if (!int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            throw CofferException.BadRequest($"unable to parse {name} parameter: invalid syntax");
        }

        return code is >= 200 and <= 999
            ? code
            : throw CofferException.BadRequest($"invalid {name} parameter: {code} is not a status code between 200 and 999");
    }

    private static bool QueryBool(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var value) || value.ToString().Length == 0)
        {
            return false;
        }

        return GoBool.TryParse(value.ToString(), out var result)
            ? result
            : throw CofferException.BadRequest($"bad value for {name} parameter");
    }
}

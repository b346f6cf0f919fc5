using Coffer.Api;
using Coffer.Cli.Config;

namespace Coffer.Cli.Commands.Kv;

/// <summary>The mount serving a KV path and whether it is version 2, from <c>sys/internal/ui/mounts</c>.</summary>
internal sealed record KvMount(string MountPath, bool IsV2)
{
    public static async Task<KvMount> DetectAsync(CofferClient client, string path, CancellationToken cancellationToken)
    {
        // The preflight is never wrapped: its answer is needed here, not by the user.
        var wrapTtl = client.WrapTtl;
        client.WrapTtl = null;
        try
        {
            var response = await client.SendRawAsync(HttpMethod.Get, "sys/internal/ui/mounts/" + path, null, null, null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404)
            {
                // A server without the endpoint only has version 1 engines.
                return new KvMount("", false);
            }
            CofferClient.EnsureSuccess(response);
            var secret = CofferClient.ParseSecret(response) ?? throw new CliException("nil response from pre-flight request", 2);
            var mountPath = JsonFields.GetString(secret.Data, "path");
            var version = JsonFields.GetString(JsonFields.GetObject(secret.Data, "options"), "version");
            return new KvMount(mountPath, version == "2");
        }
        catch (CofferRequestException ex)
        {
            throw new CliException(ex.Message, 2);
        }
        finally
        {
            client.WrapTtl = wrapTtl;
        }
    }

    /// <summary>
    /// Resolves a key given either as <c>mount/key</c> or, with <c>-mount</c>, as a key inside that mount.
    /// Returns the mount and the key path including the mount (v2) or as the user meant it (v1).
    /// </summary>
    public static async Task<(KvMount Mount, string PartialPath, string V1Path)> ResolveAsync(
        CofferClient client, string mountFlag, string argument, CancellationToken cancellationToken)
    {
        var partial = PathArgs.Sanitize(argument);
        if (mountFlag.Length == 0)
        {
            var detected = await DetectAsync(client, partial, cancellationToken).ConfigureAwait(false);
            return (detected, partial, partial);
        }
        var mountArg = PathArgs.Sanitize(mountFlag);
        var mount = await DetectAsync(client, mountArg, cancellationToken).ConfigureAwait(false);
        var mountPath = mount.MountPath.Length > 0 ? mount.MountPath : mountArg;
        var inMount = KvPaths.Join(mountPath, partial);
        return (mount with { MountPath = mountPath }, mount.IsV2 ? inMount : partial, inMount);
    }

    /// <summary>The API path for a key: prefixed for v2, unchanged for v1.</summary>
    public string ApiPath(string partialPath, string v1Path, string apiPrefix) =>
        IsV2 ? KvPaths.AddPrefix(partialPath, MountPath, apiPrefix) : v1Path;
}

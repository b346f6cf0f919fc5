using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coffer.Core.Ha;
using Coffer.Raft;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>
/// The joining node's side of the handshake. <c>join</c> fetches the leader's challenge; the operator then unseals
/// this node with the cluster's key shares, which lets Core open the challenge and this node's credentials; the node
/// starts Raft, answers, is added as a voter by the active node, and catches up before it serves.
/// </summary>
internal sealed partial class RaftNode
{
    private static readonly TimeSpan ChallengeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryJoinInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>sys/storage/raft/join</c>: asks <paramref name="target"/> for a challenge. With <paramref name="retry"/> the
    /// attempts continue in the background and this returns at once, as in Vault.
    /// </summary>
    public async Task JoinAsync(JoinTarget target, bool retry, CancellationToken cancellationToken)
    {
        if (_tls.IsMember)
        {
            throw CofferException.BadRequest("node is already a member of an integrated storage cluster");
        }

        if (retry)
        {
            _retryJoin = RetryJoinAsync([target], _stop.Token);
            return;
        }

        await FetchChallengeAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteJoinAsync(SealedBlobOpener open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = _pendingJoin ?? throw new InvalidOperationException("No join is waiting for unseal.");
            var (answer, credentials) = Open(pending, open);
            _tls.Save(credentials);
            if (_backend is null)
            {
                await StartBackendAsync(bootstrap: false, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                using var leader = new LeaderClient(pending.Target, AnswerTimeout);
                var result = await leader.PostAsync("sys/storage/raft/bootstrap/answer", new JsonObject
                {
                    ["server_id"] = NodeId,
                    ["answer"] = Convert.ToBase64String(answer),
                    ["cluster_addr"] = ClusterAddress,
                }, cancellationToken).ConfigureAwait(false);
                var index = result["index"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
                await WaitForCatchUpAsync(_backend!, index, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await StopBackendAsync().ConfigureAwait(false);
                throw;
            }

            _tls.MarkMember();
            _pendingJoin = null;
            ClusterLog.Joined(_logger, NodeId, pending.Target.LeaderApiAddress);
        }
        finally
        {
            _lifecycle.Release();
        }

        LeadershipChanged?.Invoke(this, EventArgs.Empty);
    }

    private (byte[] Answer, NodeCredentials Credentials) Open(PendingJoin pending, SealedBlobOpener open)
    {
        try
        {
            var answer = open(ClusterPurposes.JoinChallenge(NodeId), pending.Challenge);
            var serialized = open(ClusterPurposes.JoinCredentials(NodeId), pending.Credentials);
            try
            {
                return (answer, NodeCredentials.Parse(serialized));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(serialized);
            }
        }
        catch (Exception e) when (e is not (CofferException or OperationCanceledException or OutOfMemoryException))
        {
            throw CofferException.BadRequest("the join challenge does not open with this cluster's keys; run the join again");
        }
    }

    private async Task FetchChallengeAsync(JoinTarget target, CancellationToken cancellationToken)
    {
        using var leader = new LeaderClient(target, ChallengeTimeout);
        var data = await leader.PostAsync("sys/storage/raft/bootstrap/challenge", new JsonObject { ["server_id"] = NodeId }, cancellationToken)
            .ConfigureAwait(false);
        PendingJoin pending;
        try
        {
            pending = new PendingJoin(
                target,
                Convert.FromBase64String(Text(data, "challenge")),
                Convert.FromBase64String(Text(data, "credentials")),
                Convert.FromBase64String(Text(data, "keyring")),
                System.Text.Encoding.UTF8.GetBytes((data["seal_config"] as JsonObject ?? throw new FormatException("no seal_config")).ToJsonString()));
        }
        catch (FormatException)
        {
            throw new CofferException(ErrorKind.Unavailable, $"the leader at {target.LeaderApiAddress} sent a malformed challenge");
        }

        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tls.IsMember)
            {
                throw CofferException.BadRequest("node is already a member of an integrated storage cluster");
            }

            _pendingJoin = pending;
        }
        finally
        {
            _lifecycle.Release();
        }

        ClusterLog.ChallengeReceived(_logger, NodeId, target.LeaderApiAddress);
    }

    /// <summary>Tries each leader in turn until one hands out a challenge, the node becomes a member, or the server stops.</summary>
    private async Task RetryJoinAsync(IReadOnlyList<JoinTarget> targets, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !_tls.IsMember && _pendingJoin is null)
        {
            foreach (var target in targets)
            {
                try
                {
                    await FetchChallengeAsync(target, stop).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    ClusterLog.JoinAttemptFailed(_logger, target.LeaderApiAddress, e.Message);
                }
            }

            await Task.Delay(RetryJoinInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task WaitForCatchUpAsync(RaftBackend backend, long index, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CatchUpTimeout);
        try
        {
            while (!(backend.AppliedIndex >= index && backend.LeaderAddress is not null && backend.Members.Any(m => m.IsLocal)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CofferException(ErrorKind.Unavailable, "this node was added to the cluster but did not catch up with the leader in time");
        }
    }

    private static string Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"no {name}");
}

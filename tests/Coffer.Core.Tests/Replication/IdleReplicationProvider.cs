using System.Text.Json.Nodes;
using Coffer.Core.Replication;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// A replication provider with nothing running: no log, no primary service, no replicator. Enough for Core's own DR
/// logic on a node that is not the one doing the replicating; anything that would need the network is refused.
/// </summary>
internal sealed class IdleReplicationProvider : IReplicationProvider
{
    public bool IsRecording => false;

    public string ApiAddress => "https://node-1.example:8200";

    public Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken) => throw Refused();

    public Task StopRecordingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<DrPrimaryStarted> StartPrimaryAsync(string primaryClusterAddress, string? clusterId, CancellationToken cancellationToken) => throw Refused();

    public Task StopPrimaryAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeletePrimaryStateAsync(CancellationToken cancellationToken) => throw Refused();

    public Task<string> IssueSecondaryCredentialsAsync(string secondaryId, CancellationToken cancellationToken) => throw Refused();

    public Task RevokeSecondaryAsync(string secondaryId, CancellationToken cancellationToken) => throw Refused();

    public Task<DrPrimaryStatus?> GetPrimaryStatusAsync(CancellationToken cancellationToken) => Task.FromResult<DrPrimaryStatus?>(null);

    public Task<DrActivation> FetchActivationAsync(DrActivationRequest request, CancellationToken cancellationToken) => throw Refused();

    public DrActivation ReadActivation(JsonObject data, string primaryApiAddress) => throw Refused();

    public Task WipeReplicatedDataAsync(CancellationToken cancellationToken) => throw Refused();

    public Task StartSecondaryAsync(string bundle, Func<IReadOnlyCollection<string>, CancellationToken, Task> applied, CancellationToken cancellationToken) =>
        throw Refused();

    public Task StopSecondaryAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool RequestReindex() => false;

    public DrSecondaryStatus? GetSecondaryStatus() => null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static NotSupportedException Refused() => new("This test's replication provider runs nothing.");
}

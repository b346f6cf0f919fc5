namespace Coffer.Core.Replication;

/// <summary>
/// The DR replication engine as Core drives it. Core owns the mode, its persistence and the HTTP semantics of
/// <c>sys/replication/*</c>; the provider (the server, over <c>Coffer.Replication</c>) owns the network, the
/// credentials and the copying of physical entries. Core never calls two of these methods at once.
/// </summary>
public interface IReplicationProvider : IAsyncDisposable
{
    /// <summary>
    /// Starts logging every commit for secondaries. <paramref name="newLog"/> discards the stored log (a new primary,
    /// whose history must have no gap); without it a primary that restarts resumes its log. A cluster that is not a
    /// primary does not log, so its writes cost nothing extra.
    /// </summary>
    Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken);

    /// <summary>Whether commits are being logged (<see cref="StartRecordingAsync"/> ran and no stop since).</summary>
    bool IsRecording { get; }

    /// <summary>Stops logging commits (the primary role ended).</summary>
    Task StopRecordingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts serving the replication log to secondaries (creating the replication-set id and CA the first time).
    /// <paramref name="primaryClusterAddress"/>, when not empty, is the address handed to secondaries and decides
    /// the listening port. <paramref name="clusterId"/>, when not null, is the replication-set id the primary must
    /// have (a promoted secondary keeps its set's); a stored identity of another set is an error. Needs recording
    /// on. Starting a running primary returns its details.
    /// </summary>
    Task<DrPrimaryStarted> StartPrimaryAsync(string primaryClusterAddress, string? clusterId, CancellationToken cancellationToken);

    /// <summary>Stops serving secondaries; the replication-set id, CA and registry stay for a later start.</summary>
    Task StopPrimaryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the replication-set id, CA and registry (the primary must be stopped). A promotion calls it before
    /// starting: the new primary gets a new CA, so credentials issued under an older one stop working.
    /// </summary>
    Task DeletePrimaryStateAsync(CancellationToken cancellationToken);

    /// <summary>Issues credentials for a new secondary and returns them as the provider's opaque bundle.</summary>
    Task<string> IssueSecondaryCredentialsAsync(string secondaryId, CancellationToken cancellationToken);

    Task RevokeSecondaryAsync(string secondaryId, CancellationToken cancellationToken);

    /// <summary>Null when no primary is running.</summary>
    Task<DrPrimaryStatus?> GetPrimaryStatusAsync(CancellationToken cancellationToken);

    /// <summary>This node's API address, which activation data carries so a secondary can report it.</summary>
    string ApiAddress { get; }

    /// <summary>
    /// Unwraps the activation token against the primary's API (<c>sys/wrapping/unwrap</c>) and checks the bundle.
    /// Failures are <c>CofferException</c>s worded for the operator.
    /// </summary>
    Task<DrActivation> FetchActivationAsync(DrActivationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The activation in <paramref name="data"/> (what an activation token unwraps to, or what a sealed activation
    /// holds), checked; <paramref name="primaryApiAddress"/> is reported as the primary's API address.
    /// </summary>
    DrActivation ReadActivation(System.Text.Json.Nodes.JsonObject data, string primaryApiAddress);

    /// <summary>Deletes every replicated physical entry (the wipe of a newly enabled secondary).</summary>
    Task WipeReplicatedDataAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts following the primary named in <paramref name="bundle"/>, while sealed or not. After each commit of
    /// replicated entries <paramref name="applied"/> receives the physical keys it touched.
    /// </summary>
    Task StartSecondaryAsync(string bundle, Func<IReadOnlyCollection<string>, CancellationToken, Task> applied, CancellationToken cancellationToken);

    /// <summary>Stops following the primary; the applied position stays for a later start.</summary>
    Task StopSecondaryAsync(CancellationToken cancellationToken);

    /// <summary>Drops the stream and rebuilds the data from a fresh copy. False when no secondary is running.</summary>
    bool RequestReindex();

    /// <summary>Null when no secondary is running.</summary>
    DrSecondaryStatus? GetSecondaryStatus();
}

using Coffer.Core;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Server.Hosting;

/// <summary>Everything needed to run a server, already resolved from flags and configuration files.</summary>
public sealed record CofferServerOptions(IReadOnlyList<ListenerOptions> Listeners, IPhysicalBackend Storage, CoreOptions Core)
{
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How much of the DR replication log a primary keeps (the <c>replication</c> stanza); null: the defaults.</summary>
    public Coffer.Replication.Wal.ReplicationLogOptions? ReplicationLog { get; init; }

    /// <summary>
    /// Runs on the new core before the listeners accept connections: dev mode initialises, unseals and mounts
    /// <c>secret/</c> here, so no client sees a server that is still being prepared.
    /// </summary>
    public Func<CofferCore, CancellationToken, Task>? BeforeListening { get; init; }

    /// <summary>The integrated storage node behind <see cref="Storage"/> when the server runs on Raft; the server starts and stops it.</summary>
    internal Cluster.RaftNode? Raft { get; init; }
}

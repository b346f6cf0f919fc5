using System.Net;
using Coffer.Replication.Primary;
using Coffer.Replication.Secondary;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

/// <summary>A primary and one secondary in this process, over real gRPC and mutual TLS on 127.0.0.1.</summary>
internal sealed class DrPair : IAsyncDisposable
{
    /// <summary>How long a test waits for the pair's replicators to reach a state before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly PrimaryReplicatorOptions DefaultPrimary = new() { ListenEndpoint = new IPEndPoint(IPAddress.Loopback, 0) };

    public static readonly SecondaryReplicatorOptions FastSecondary = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(300),
        StreamSilenceTimeout = TimeSpan.FromSeconds(3),
        ReindexSilenceTimeout = TimeSpan.FromSeconds(30),
    };

    private DrPair(
        InMemoryBackend primaryStorage, ReplicationLogOptions logOptions, IPhysicalBackend secondaryStorage, int reindexChunkKeys, TimeSpan? shipInterval,
        SecondaryReplicatorOptions secondaryOptions, (int Operations, TimeSpan Interval)? busyShip)
    {
        BusyShip = busyShip;
        SecondaryOptions = secondaryOptions;
        ReindexChunkKeys = reindexChunkKeys;
        ShipInterval = shipInterval;
        PrimaryStorage = primaryStorage;
        LogOptions = logOptions;
        SecondaryStorage = secondaryStorage;
    }

    public InMemoryBackend PrimaryStorage { get; }

    /// <summary>The options every secondary of this pair starts with (<see cref="FastSecondary"/> unless a test says otherwise).</summary>
    public SecondaryReplicatorOptions SecondaryOptions { get; }

    public int ReindexChunkKeys { get; }

    /// <summary>The primary's <see cref="PrimaryReplicatorOptions.ShipInterval"/>; null keeps the default.</summary>
    public TimeSpan? ShipInterval { get; }

    /// <summary>The primary's <see cref="PrimaryReplicatorOptions.BusyShipOperations"/> and <see cref="PrimaryReplicatorOptions.BusyShipInterval"/>; null keeps the defaults.</summary>
    public (int Operations, TimeSpan Interval)? BusyShip { get; }

    public ReplicationLogOptions LogOptions { get; }

    public IPhysicalBackend SecondaryStorage { get; }

    public ReplicatingBackend Backend { get; private set; } = null!;

    public PrimaryReplicator Primary { get; private set; } = null!;

    public SecondaryReplicator? Secondary { get; private set; }

    public ActivationBundle Bundle { get; private set; } = null!;

    public static async Task<DrPair> StartAsync(
        ReplicationLogOptions? logOptions = null,
        IPhysicalBackend? secondaryStorage = null,
        bool startSecondary = true,
        int reindexChunkKeys = 1024,
        TimeSpan? shipInterval = null,
        SecondaryReplicatorOptions? secondaryOptions = null,
        (int Operations, TimeSpan Interval)? busyShip = null)
    {
        var pair = new DrPair(
            new InMemoryBackend(), logOptions ?? new ReplicationLogOptions(), secondaryStorage ?? new InMemoryBackend(), reindexChunkKeys, shipInterval,
            secondaryOptions ?? FastSecondary, busyShip);
        await pair.StartPrimaryAsync(new IPEndPoint(IPAddress.Loopback, 0));
        pair.Bundle = await pair.Primary.IssueSecondaryCredentialsAsync("dr-east");
        if (startSecondary)
        {
            pair.StartSecondary();
        }

        return pair;
    }

    public PrimaryReplicatorOptions PrimaryOptions(IPEndPoint endpoint) => new()
    {
        ListenEndpoint = endpoint,
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        ReindexChunkKeys = ReindexChunkKeys,
        ShipInterval = ShipInterval ?? DefaultPrimary.ShipInterval,
        BusyShipOperations = BusyShip?.Operations ?? DefaultPrimary.BusyShipOperations,
        BusyShipInterval = BusyShip?.Interval ?? DefaultPrimary.BusyShipInterval,
    };

    public async Task StartPrimaryAsync(IPEndPoint endpoint)
    {
        Backend = await ReplicatingBackend.OpenAsync(PrimaryStorage, LogOptions);
        Primary = await PrimaryReplicator.StartAsync(Backend, PrimaryOptions(endpoint));
    }

    public async Task RestartPrimaryAsync(Func<Task>? whileDown = null)
    {
        var endpoint = Primary.BoundEndpoint;
        await Primary.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        await StartPrimaryAsync(endpoint);
    }

    public SecondaryReplicator StartSecondary(ActivationBundle? bundle = null)
    {
        Secondary = new SecondaryReplicator(SecondaryStorage, bundle ?? Bundle, SecondaryOptions);
        Secondary.Start();
        return Secondary;
    }

    public async Task StopSecondaryAsync()
    {
        if (Secondary is not null)
        {
            await Secondary.DisposeAsync();
            Secondary = null;
        }
    }

    /// <summary>Waits until the secondary has applied everything the primary has committed so far.</summary>
    public async Task WaitCaughtUpAsync(TimeSpan? timeout = null)
    {
        var target = Backend.Log.LastIndex;
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await Secondary!.WaitForAppliedIndexAsync(target, limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"secondary did not reach index {target}: {Secondary!.Status}");
        }
    }

    public async Task PutAsync(string key, string value) =>
        await Backend.PutAsync(new PhysicalEntry(key, System.Text.Encoding.UTF8.GetBytes(value)));

    public async ValueTask DisposeAsync()
    {
        await StopSecondaryAsync();
        await Primary.DisposeAsync();
    }
}

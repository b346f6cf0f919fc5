using System.Net;
using DotNext.Buffers;
using DotNext.Net;
using DotNext.Net.Cluster.Consensus.Raft.Membership;

namespace Coffer.Raft.Cluster;

/// <summary>
/// The engine's membership (the endpoints of the voters), persisted in one file so that a restarted node knows its
/// peers without being told again. Node ids live in the replicated state instead (<see cref="StateMachine.KeyValueState.Members"/>).
/// </summary>
internal sealed class MembershipFile(string path) : PersistentClusterConfigurationStorage<EndPoint>(path)
{
    protected override void Encode(EndPoint address, ref BufferWriterSlim<byte> writer) =>
        EndPointFormatter.WriteEndPoint(ref writer, address);

    protected override EndPoint Decode(ref SequenceReader reader) => EndPointFormatter.ReadEndPoint(ref reader);
}

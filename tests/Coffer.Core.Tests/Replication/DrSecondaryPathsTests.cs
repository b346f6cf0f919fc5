using Coffer.Core.Replication;

namespace Coffer.Core.Tests.Replication;

public sealed class DrSecondaryPathsTests
{
    [Theory]
    [InlineData("sys/health")]
    [InlineData("sys/seal-status")]
    [InlineData("sys/unseal")]
    [InlineData("sys/replication/status")]
    [InlineData("sys/replication/dr/status/")]
    [InlineData("sys/replication/dr/secondary/update-primary")]
    [InlineData("sys/replication/dr/secondary/promote")]
    [InlineData("sys/replication/dr/secondary/generate-operation-token/attempt")]
    [InlineData("sys/storage/raft/autopilot/state")]
    public void IsAllowed_DrSecondaryPath_True(string path) => Assert.True(DrSecondaryPaths.IsAllowed(path));

    [Theory]
    [InlineData("secret/data/app")]
    [InlineData("auth/token/lookup-self")]
    [InlineData("sys/mounts")]
    [InlineData("sys/seal")]
    [InlineData("sys/replication/dr/secondary/enable")]
    [InlineData("sys/replication/dr/primary/enable")]
    [InlineData("sys/storage/raft/snapshot")]
    [InlineData("sys/healthy")]
    public void IsAllowed_OrdinaryPath_False(string path) => Assert.False(DrSecondaryPaths.IsAllowed(path));

    [Theory]
    [InlineData("sys/storage/raft/configuration", true)]
    [InlineData("sys/storage/raft/remove-peer", true)]
    [InlineData("sys/storage/raft/autopilot/state/", true)]
    [InlineData("sys/storage/raft/autopilot/configuration", true)]
    [InlineData("sys/storage/raft/bootstrap/challenge", false)]
    [InlineData("sys/storage/raft/snapshot", false)]
    [InlineData("sys/replication/dr/secondary/promote", false)]
    public void IsRaftAdministration_OnlyTheFourDrTokenPaths(string path, bool expected) =>
        Assert.Equal(expected, DrSecondaryPaths.IsRaftAdministration(path));
}

using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>Runs <c>coffer</c> commands against one node of a cluster, as an operator would, with a private HOME.</summary>
internal sealed class ClusterCli(CofferCluster cluster, string home)
{
    public string? Token { get; set; }

    public async Task<ProcessResult> RunAsync(ClusterNodeProcess node, string script, int expectedExit = 0)
    {
        var environment = new Dictionary<string, string> { ["VAULT_ADDR"] = node.Address, ["HOME"] = home };
        if (Token is not null)
        {
            environment["VAULT_TOKEN"] = Token;
        }

        var result = await CofferExecutable.RunShellAsync(script, environment, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == expectedExit, $"{script} on {node.NodeId}\n{result}\n{cluster.Outputs()}");
        return result;
    }
}

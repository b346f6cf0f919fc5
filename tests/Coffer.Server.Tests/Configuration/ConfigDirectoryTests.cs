using Coffer.Server.Configuration;

namespace Coffer.Server.Tests.Configuration;

/// <summary>Loading from disk: single files, directories merged in name order, and missing paths.</summary>
public sealed class ConfigDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coffer-config-" + Guid.NewGuid().ToString("N"));

    public ConfigDirectoryTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_SingleFile_ReadsIt()
    {
        var file = Write("server.hcl", SampleConfigs.RaftCluster);

        var (config, _) = ConfigLoader.Load(file);

        Assert.Equal("node-a", config.Storage!.Raft!.NodeId);
    }

    [Fact]
    public void Load_JsonFile_ReadsIt()
    {
        var file = Write("server.json", SampleConfigs.RaftClusterJson);

        var (config, _) = ConfigLoader.Load(file);

        Assert.Equal(2, config.Storage!.Raft!.RetryJoin.Count);
    }

    [Fact]
    public void Load_Directory_MergesHclAndJsonFilesInNameOrder()
    {
        Write("10-storage.hcl", "storage \"file\" {\n  path = \"/first\"\n}\nui = true\nlog_level = \"warn\"");
        Write("20-listeners.json", """{"listener": {"tcp": {"address": "0.0.0.0:8200", "tls_disable": true}}, "log_level": "error"}""");
        Write("30-more.hcl", "listener \"tcp\" {\n  address = \"0.0.0.0:9200\"\n  tls_disable = true\n}\nstorage \"raft\" {\n  path = \"/second\"\n}\nui = false");
        Write(".hidden.hcl", "this is not valid");
        Write("notes.txt", "neither is this");

        var (config, warnings) = ConfigLoader.Load(_directory);

        Assert.Empty(warnings);
        Assert.Equal(["0.0.0.0:8200", "0.0.0.0:9200"], config.Listeners.Select(l => l.Address));
        Assert.Equal("raft", config.Storage!.Type);
        Assert.Equal("/second", config.Storage.Raft!.Path);
        Assert.True(config.Ui);
        Assert.Equal("error", config.LogLevel);
    }

    [Fact]
    public void Load_DirectoryWithInvalidFiles_ReportsEachFilesProblems()
    {
        Write("a.hcl", "ui = [");
        Write("b.hcl", "disable_mlock = \"sure\"");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(_directory));

        Assert.Equal([Path.Combine(_directory, "a.hcl"), Path.Combine(_directory, "b.hcl")], error.Problems.Select(p => p.Source));
        Assert.Equal((1, 7), (error.Problems[0].Line, error.Problems[0].Column));
    }

    [Fact]
    public void Load_LeaseTtlsAcrossFiles_AreCheckedAfterMerging()
    {
        Write("a.hcl", "max_lease_ttl = \"1h\"");
        Write("b.hcl", "default_lease_ttl = \"2h\"");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(_directory));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(Path.Combine(_directory, "b.hcl"), problem.Source);
        Assert.Equal("default_lease_ttl (2h) cannot be larger than max_lease_ttl (1h)", problem.Message);
    }

    [Fact]
    public void Load_SeveralPaths_AreMergedInOrder()
    {
        var first = Write("one.hcl", "cluster_name = \"first\"\napi_addr = \"https://a:8200\"");
        var second = Write("two.hcl", "cluster_name = \"second\"");

        var (config, _) = ConfigLoader.Load([first, second]);

        Assert.Equal("second", config.ClusterName);
        Assert.Equal("https://a:8200", config.ApiAddr);
    }

    [Fact]
    public void Load_MissingPath_IsAConfigProblem()
    {
        var missing = Path.Combine(_directory, "absent.hcl");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(missing));

        Assert.Equal($"{missing}: no such file or directory", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void Load_EmptyDirectory_IsAConfigProblem()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(_directory));

        Assert.Equal("the directory holds no .hcl or .json configuration files", Assert.Single(error.Problems).Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}

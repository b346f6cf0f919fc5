using Coffer.Cli.Commands.Kv;

namespace Coffer.Cli.Tests.Commands.Kv;

public sealed class KvPathsTests
{
    [Theory]
    [InlineData("secret/foo", "secret/", "data", "secret/data/foo")]
    [InlineData("secret/app/config", "secret/", "metadata", "secret/metadata/app/config")]
    [InlineData("secret", "secret/", "metadata", "secret/metadata")]
    [InlineData("secret/", "secret/", "data", "secret/data")]
    [InlineData("team/kv/x", "team/kv/", "destroy", "team/kv/destroy/x")]
    [InlineData("kv/x", "ns1/kv/", "data", "kv/data/x")]
    public void AddPrefix_PutsApiPrefixAfterTheMount(string path, string mount, string prefix, string expected)
    {
        Assert.Equal(expected, KvPaths.AddPrefix(path, mount, prefix));
    }

    [Theory]
    [InlineData(new[] { "a/", "/b/", "c/" }, "a/b/c")]
    [InlineData(new[] { "a", "", "b" }, "a/b")]
    [InlineData(new[] { "a/b", "../c" }, "a/c")]
    [InlineData(new[] { "/a", "./b" }, "/a/b")]
    public void Join_CleansLikeGoPathJoin(string[] parts, string expected)
    {
        Assert.Equal(expected, KvPaths.Join(parts));
    }
}

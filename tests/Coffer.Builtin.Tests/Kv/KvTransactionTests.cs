using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>Every KV v2 change is exactly one storage transaction, never loose puts or deletes.</summary>
public sealed class KvTransactionTests
{
    private const string MountPrefix = "logical/8a9c0d2e-mount/";

    private static bool IsVersionKey(string key, long version) =>
        key.StartsWith(MountPrefix + "versioned/versions/", StringComparison.Ordinal) && key.EndsWith("/" + version, StringComparison.Ordinal);

    [Fact]
    public async Task Write_NewVersion_IsOneCommitOfTheDataAndTheMetadata()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        kv.Storage.Reset();

        await kv.PutSecretAsync("k", """{"a":"2"}""");

        var commit = Assert.Single(kv.Storage.Commits);
        Assert.Equal(0, kv.Storage.Puts);
        Assert.Equal(0, kv.Storage.Deletes);
        Assert.Equal(2, commit.Count);
        Assert.Contains(commit, o => o.Value is not null && IsVersionKey(o.Key, 2));
        Assert.Contains(commit, o => o.Value is not null && o.Key == MountPrefix + "versioned/metadata/k");
    }

    [Fact]
    public async Task Write_PastMaxVersions_DeletesThePrunedDataInTheSameCommit()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/k", """{"max_versions":1}""");
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        kv.Storage.Reset();

        await kv.PutSecretAsync("k", """{"a":"2"}""");

        var commit = Assert.Single(kv.Storage.Commits);
        Assert.Equal(3, commit.Count);
        Assert.Contains(commit, o => o.Value is null && IsVersionKey(o.Key, 1));
        Assert.Contains(commit, o => o.Value is not null && IsVersionKey(o.Key, 2));
    }

    [Fact]
    public async Task Destroy_Versions_RemovesTheDataInTheSameCommitAsTheMetadata()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        await kv.PutSecretAsync("k", """{"a":"2"}""");
        kv.Storage.Reset();

        await kv.WriteAsync("destroy/k", """{"versions":[1,2]}""");

        var commit = Assert.Single(kv.Storage.Commits);
        Assert.Equal(3, commit.Count);
        Assert.Contains(commit, o => o.Value is null && IsVersionKey(o.Key, 1));
        Assert.Contains(commit, o => o.Value is null && IsVersionKey(o.Key, 2));
        Assert.Contains(commit, o => o.Value is not null && o.Key == MountPrefix + "versioned/metadata/k");
    }

    [Fact]
    public async Task DeleteMetadata_Key_RemovesEverythingInOneCommit()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        await kv.PutSecretAsync("k", """{"a":"2"}""");
        kv.Storage.Reset();

        await kv.DeleteAsync("metadata/k");

        var commit = Assert.Single(kv.Storage.Commits);
        Assert.All(commit, o => Assert.Null(o.Value));
        Assert.Equal(3, commit.Count);
        Assert.Empty(await kv.Mount.ListAsync("versioned/versions/", TestContext.Current.CancellationToken));
        Assert.Empty(await kv.Mount.ListAsync("versioned/metadata/", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(Operation.Update, "data/k", """{"data":{"a":"3"}}""")]
    [InlineData(Operation.Patch, "data/k", """{"data":{"b":"3"}}""")]
    [InlineData(Operation.Delete, "data/k", null)]
    [InlineData(Operation.Update, "delete/k", """{"versions":[2]}""")]
    [InlineData(Operation.Update, "undelete/k", """{"versions":[1]}""")]
    [InlineData(Operation.Update, "destroy/k", """{"versions":[1]}""")]
    [InlineData(Operation.Update, "metadata/k", """{"max_versions":4}""")]
    [InlineData(Operation.Patch, "metadata/k", """{"custom_metadata":{"a":"b"}}""")]
    [InlineData(Operation.Delete, "metadata/k", null)]
    [InlineData(Operation.Update, "config", """{"max_versions":4}""")]
    public async Task Change_AnyVersion2Endpoint_IsExactlyOneCommit(Operation operation, string path, string? body)
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        await kv.PutSecretAsync("k", """{"a":"2"}""");
        await kv.WriteAsync("delete/k", """{"versions":[1]}""");
        kv.Storage.Reset();

        await kv.SendAsync(operation, path, body is null ? null : KvHarness.Json(body));

        Assert.Single(kv.Storage.Commits);
        Assert.Equal(0, kv.Storage.Puts);
        Assert.Equal(0, kv.Storage.Deletes);
    }
}

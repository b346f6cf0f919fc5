using System.Text.Json.Nodes;
using Coffer.Builtin.Secrets.Kv;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvEngineTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"version":""}""")]
    [InlineData("""{"version":"1"}""")]
    [InlineData("""{"version":1}""")]
    public void Create_VersionOneOrUnset_IsTheKeyValueStore(string options) =>
        Assert.IsType<KvV1Backend>(KvEngine.Create(KvHarness.Json(options), new FakeTimeProvider()));

    [Theory]
    [InlineData("""{"version":"2"}""")]
    [InlineData("""{"version":2}""")]
    public void Create_VersionTwo_IsTheVersionedStore(string options) =>
        Assert.IsType<KvV2Backend>(KvEngine.Create(KvHarness.Json(options), new FakeTimeProvider()));

    [Fact]
    public void Create_UnknownVersion_IsRefused()
    {
        var error = Assert.Throws<CofferException>(() => KvEngine.Create(KvHarness.Json("""{"version":"3"}"""), new FakeTimeProvider()));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
    }

    [Theory]
    [InlineData("1", "app/db")]
    [InlineData("2", "config")]
    [InlineData("2", "data/app/db")]
    [InlineData("2", "metadata/app/db")]
    [InlineData("2", "delete/app/db")]
    [InlineData("2", "undelete/app/db")]
    [InlineData("2", "destroy/app/db")]
    [InlineData("2", "subkeys/app/db")]
    public async Task Help_EveryPath_DescribesItAndItsFields(string version, string path)
    {
        var backend = KvEngine.Create(new JsonObject { ["version"] = version }, new FakeTimeProvider());

        var help = await backend.HandleAsync(new LogicalRequest(Operation.Help, path), TestContext.Current.CancellationToken);

        var text = help!.Data!["help"]!.GetValue<string>();
        Assert.Contains("## DESCRIPTION", text, StringComparison.Ordinal);
        Assert.True(text.Length > 200, text);
    }

    [Fact]
    public void SpecialPaths_KvMount_HasNone()
    {
        var backend = KvEngine.Create(KvHarness.Json("""{"version":"2"}"""), new FakeTimeProvider());

        Assert.Empty(backend.SpecialPaths.Unauthenticated);
        Assert.Empty(backend.SpecialPaths.Root);
    }
}

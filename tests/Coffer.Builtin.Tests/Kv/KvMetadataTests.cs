using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvMetadataTests
{
    private const string StartTime = "2018-03-22T02:24:06.9453192Z";

    [Fact]
    public async Task Read_AfterWrites_ReportsTheWindowAndEveryVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("m", """{"a":"1"}""");
        kv.Time.Advance(TimeSpan.FromSeconds(2));
        await kv.PutSecretAsync("m", """{"a":"2"}""");

        var metadata = await kv.MetadataAsync("m");

        Assert.Equal(
            """{"cas_required":false,"created_time":"@START","current_version":2,"custom_metadata":null,"delete_version_after":"0s","max_versions":0,"oldest_version":0,"updated_time":"2018-03-22T02:24:08.9453192Z","versions":{"1":{"created_time":"@START","deletion_time":"","destroyed":false},"2":{"created_time":"2018-03-22T02:24:08.9453192Z","deletion_time":"","destroyed":false}}}""".Replace("@START", StartTime, StringComparison.Ordinal),
            metadata.ToJsonString());
    }

    [Fact]
    public async Task Read_UnknownKey_ReturnsNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.ReadAsync("metadata/none"));
    }

    [Fact]
    public async Task Write_SettingsForNewKey_CreatesTheKeyWithoutVersions()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.WriteAsync("metadata/fresh", """{"max_versions":5,"cas_required":true,"delete_version_after":"3h25m19s","custom_metadata":{"owner":"jdoe"}}"""));

        Assert.Equal(Operation.Create, kv.LastOperation);
        Assert.Equal(
            """{"cas_required":true,"created_time":"@START","current_version":0,"custom_metadata":{"owner":"jdoe"},"delete_version_after":"3h25m19s","max_versions":5,"oldest_version":0,"updated_time":"@START","versions":{}}""".Replace("@START", StartTime, StringComparison.Ordinal),
            (await kv.MetadataAsync("fresh")).ToJsonString());
    }

    [Fact]
    public async Task Write_NoSettings_CreatesNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.WriteAsync("metadata/nothing", "{}"));

        Assert.Null(await kv.ReadAsync("metadata/nothing"));
        Assert.Empty(kv.Storage.Commits);
    }

    [Fact]
    public async Task Write_ExistingKey_IsUpdateAndChangesOnlyTheGivenSettings()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("m", """{"a":"1"}""");
        await kv.WriteAsync("metadata/m", """{"max_versions":4,"custom_metadata":{"a":"1","b":"2"}}""");
        kv.Time.Advance(TimeSpan.FromSeconds(3));

        await kv.WriteAsync("metadata/m", """{"cas_required":true,"custom_metadata":{"c":"3"}}""");

        Assert.Equal(Operation.Update, kv.LastOperation);
        var metadata = await kv.MetadataAsync("m");
        Assert.Equal(4, metadata["max_versions"]!.GetValue<long>());
        Assert.True(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("""{"c":"3"}""", metadata["custom_metadata"]!.ToJsonString());
        Assert.Equal(StartTime, metadata["updated_time"]!.GetValue<string>());
        Assert.Equal(1, metadata["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_EmptyCustomMetadata_ReadsBackAsNull()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/m", """{"custom_metadata":{"a":"1"}}""");

        await kv.WriteAsync("metadata/m", """{"custom_metadata":{}}""");

        Assert.Null((await kv.MetadataAsync("m"))["custom_metadata"]);
    }

    [Fact]
    public async Task Write_CustomMetadataNumbersAndBooleans_AreStoredAsText()
    {
        var kv = KvHarness.V2();

        await kv.WriteAsync("metadata/m", """{"custom_metadata":{"n":12,"t":true}}""");

        Assert.Equal("""{"n":"12","t":"1"}""", (await kv.MetadataAsync("m"))["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Write_CustomMetadataTooManyKeys_IsRefused()
    {
        var kv = KvHarness.V2();
        var custom = new JsonObject();
        for (var i = 0; i < 65; i++)
        {
            custom["k" + i] = "v";
        }

        var error = await KvHarness.FailsAsync(() => kv.SendAsync(Operation.Update, "metadata/m", new JsonObject { ["custom_metadata"] = custom }));

        Assert.Equal(["1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n"], error.Errors);
    }

    [Fact]
    public async Task Write_CustomMetadataBadEntries_ListsEveryProblem()
    {
        var kv = KvHarness.V2();
        var longKey = new string('k', 129);

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("metadata/m", """{"custom_metadata":{"empty":"","@LONG":"v","tab":"a\tb"}}""".Replace("@LONG", longKey, StringComparison.Ordinal)));

        Assert.Equal(
            "3 errors occurred:\n" +
            "\t* custom_metadata validation failed: length of value for key \"empty\" is 0 but must be 0 < len(value) <= 512\n" +
            $"\t* custom_metadata validation failed: length of key \"{longKey}\" is 129 but must be 0 < len(key) <= 128\n" +
            "\t* custom_metadata validation failed: value for key \"tab\" contains unprintable characters\n\n",
            Assert.Single(error.Errors));
        Assert.Null(await kv.ReadAsync("metadata/m"));
    }

    [Fact]
    public async Task Write_CustomMetadataNestedValue_IsRefused()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("metadata/m", """{"custom_metadata":{"deep":{"a":"b"}}}"""));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("custom_metadata", error.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"max_versions":-1}""", "\"max_versions\"")]
    [InlineData("""{"max_versions":"many"}""", "\"max_versions\"")]
    [InlineData("""{"delete_version_after":"-1h"}""", "\"delete_version_after\"")]
    [InlineData("""{"delete_version_after":"soon"}""", "\"delete_version_after\"")]
    [InlineData("""{"cas_required":"perhaps"}""", "\"cas_required\"")]
    [InlineData("""{"custom_metadata":"a=b"}""", "\"custom_metadata\"")]
    [InlineData("""{"colour":"blue"}""", "\"colour\"")]
    public async Task Write_BadField_IsRefusedNamingIt(string body, string field)
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("metadata/m", body));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(field, error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_CasNotRequiredWhileMountRequiresIt_Warns()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"cas_required":true}""");

        var response = await kv.WriteAsync("metadata/m", """{"cas_required":false}""");

        Assert.Equal(["\"cas_required\" set to false, but is mandated by backend config. This value will be ignored."], response!.Warnings);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task Patch_ExistingKey_MergesCustomMetadataAndKeepsOtherSettings()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/m", """{"max_versions":5,"cas_required":true,"custom_metadata":{"keep":"1","drop":"2","change":"3"}}""");

        Assert.Null(await kv.PatchAsync("metadata/m", """{"max_versions":7,"custom_metadata":{"drop":null,"change":"new","add":"4"}}"""));

        var metadata = await kv.MetadataAsync("m");
        Assert.Equal(7, metadata["max_versions"]!.GetValue<long>());
        Assert.True(metadata["cas_required"]!.GetValue<bool>());
        Assert.Equal("""{"add":"4","change":"new","keep":"1"}""", metadata["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_NullSetting_ResetsItToTheDefault()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/m", """{"max_versions":5,"delete_version_after":"1h","custom_metadata":{"a":"1"}}""");

        await kv.PatchAsync("metadata/m", """{"max_versions":null,"delete_version_after":null,"custom_metadata":null}""");

        var metadata = await kv.MetadataAsync("m");
        Assert.Equal(0, metadata["max_versions"]!.GetValue<long>());
        Assert.Equal("0s", metadata["delete_version_after"]!.GetValue<string>());
        Assert.Null(metadata["custom_metadata"]);
    }

    [Fact]
    public async Task Patch_UnknownKey_IsNotFound()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.PatchAsync("metadata/none", """{"max_versions":2}"""));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Delete_Key_RemovesMetadataAndEveryVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("gone", """{"a":"1"}""");
        await kv.PutSecretAsync("gone", """{"a":"2"}""");
        await kv.PutSecretAsync("kept", """{"a":"1"}""");

        Assert.Null(await kv.DeleteAsync("metadata/gone"));

        Assert.Null(await kv.ReadAsync("metadata/gone"));
        Assert.Null(await kv.ReadAsync("data/gone"));
        Assert.Single(await kv.Mount.ListAsync("versioned/versions/", TestContext.Current.CancellationToken));
        var written = await kv.PutSecretAsync("gone", """{"a":"again"}""");
        Assert.Equal(1, written!.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Delete_UnknownKey_DoesNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.DeleteAsync("metadata/none"));

        Assert.Empty(kv.Storage.Commits);
    }

    [Theory]
    [InlineData("", new[] { "foo", "foo/" })]
    [InlineData("foo/", new[] { "bar", "baz/" })]
    [InlineData("nothing/", new string[0])]
    public async Task List_Folder_ReturnsKeysWithFoldersEndingInSlash(string folder, string[] expected)
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("foo", """{"a":"1"}""");
        await kv.PutSecretAsync("foo/bar", """{"a":"1"}""");
        await kv.WriteAsync("metadata/foo/baz/qux", """{"max_versions":1}""");

        var list = await kv.ListAsync("metadata/" + folder);

        Assert.Equal(expected, list!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }
}

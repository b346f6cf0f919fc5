using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Output;

public sealed class PrinterTests
{
    private const string TokenCreateResponse = """
        {"request_id":"f00341c1-fad5-f6e6-13fd-235617f858a1","lease_id":"","renewable":false,
         "lease_duration":0,"data":null,"wrap_info":null,"warnings":null,
         "auth":{"client_token":"hvs.CAESIJ…","accessor":"xKkl4d7Hc3BJ7bW3dG7Wkc8N",
           "policies":["default","my-policy"],"token_policies":["default","my-policy"],
           "metadata":null,"lease_duration":2764800,"renewable":true,"entity_id":"",
           "token_type":"service","orphan":false,"mfa_requirement":null,"num_uses":0},
         "mount_type":"token"}
        """;

    [Fact]
    public void Secret_TokenCreateAsTable_MatchesSpecSample()
    {
        var capture = new OutputCapture();

        var code = capture.Printer("table").Secret(Secret.Parse(TokenCreateResponse));

        Assert.Equal(0, code);
        Assert.Equal("""
            Key                  Value
            ---                  -----
            token                hvs.CAESIJ…
            token_accessor       xKkl4d7Hc3BJ7bW3dG7Wkc8N
            token_duration       768h
            token_renewable      true
            token_policies       ["default" "my-policy"]
            identity_policies    []
            policies             ["default" "my-policy"]

            """.ReplaceLineEndings("\n"), capture.Stdout);
        Assert.Empty(capture.Stderr);
    }

    [Fact]
    public void Secret_AsJson_UsesClientShapeWithoutTokenTypeOrNumUses()
    {
        var capture = new OutputCapture();

        capture.Printer("json").Secret(Secret.Parse(TokenCreateResponse));

        Assert.Equal("""
            {
              "request_id": "f00341c1-fad5-f6e6-13fd-235617f858a1",
              "lease_id": "",
              "lease_duration": 0,
              "renewable": false,
              "data": null,
              "warnings": null,
              "auth": {
                "client_token": "hvs.CAESIJ…",
                "accessor": "xKkl4d7Hc3BJ7bW3dG7Wkc8N",
                "policies": [
                  "default",
                  "my-policy"
                ],
                "token_policies": [
                  "default",
                  "my-policy"
                ],
                "identity_policies": null,
                "metadata": null,
                "orphan": false,
                "entity_id": "",
                "lease_duration": 2764800,
                "renewable": true,
                "mfa_requirement": null
              },
              "mount_type": "token"
            }

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Secret_DataAsJson_SortsKeysAndOmitsMissingAuthAndWrapInfo()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"request_id":"r","lease_id":"","lease_duration":2764800,"renewable":false,"data":{"zeta":1,"alpha":{"b":true,"a":null},"html":"<a&b>"},"warnings":null,"auth":null,"wrap_info":null,"mount_type":""}""");

        capture.Printer("json").Secret(secret);

        Assert.Equal("""
            {
              "request_id": "r",
              "lease_id": "",
              "lease_duration": 2764800,
              "renewable": false,
              "data": {
                "alpha": {
                  "a": null,
                  "b": true
                },
                "html": "\u003ca\u0026b\u003e",
                "zeta": 1
              },
              "warnings": null
            }

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Secret_DataAsTable_SortsKeysHumanizesTtlsAndPrintsGoValues()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""
            {"lease_id":"","lease_duration":2764800,"renewable":false,
             "data":{"ttl":3600,"token_period":0,"max_ttl":"768h","policies":["a","b"],"meta":{"z":"1","a":"2"},
                     "missing":null,"empty":"","count":1.5,"orphan":true}}
            """);

        capture.Printer("table").Secret(secret);

        Assert.Equal("""
            Key                 Value
            ---                 -----
            refresh_interval    768h
            count               1.5
            empty               n/a
            max_ttl             768h
            meta                map[a:2 z:1]
            missing             <nil>
            orphan              true
            policies            [a b]
            token_period        0s
            ttl                 1h

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Secret_WithLeaseId_PrintsLeaseRows()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"lease_id":"database/creds/x/abc","lease_duration":3600,"renewable":true,"data":{"username":"u"}}""");

        capture.Printer("table").Secret(secret);

        Assert.Equal("""
            Key                Value
            ---                -----
            lease_id           database/creds/x/abc
            lease_duration     1h
            lease_renewable    true
            username           u

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Secret_RootTokenAuth_ShowsInfiniteDurationAndSortedMetadata()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"auth":{"client_token":"root","accessor":"acc","policies":["root"],"token_policies":["root"],"metadata":{"username":"ops","env":"prod"},"lease_duration":0,"renewable":false}}""");

        capture.Printer("table").Secret(secret);

        var lines = capture.Stdout.Split('\n');
        Assert.Contains("token_duration         ∞", lines);
        Assert.Equal(["token_meta_env         prod", "token_meta_username    ops"], lines.Where(l => l.StartsWith("token_meta_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Secret_Warnings_GoToStandardErrorBeforeTheTable()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"request_id":"r","data":{"k":"v"},"warnings":["Policy \"my-policy\" does not exist"]}""");

        capture.Printer("table").Secret(secret);

        Assert.Equal("WARNING! The following warnings were returned from Vault:\n\n  * Policy \"my-policy\" does not exist\n\n", capture.Stderr);
        Assert.StartsWith("Key    Value\n", capture.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_WrapInfo_PrintsWrappingRows()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"request_id":"","data":null,"wrap_info":{"token":"hvs.wrap","accessor":"acc","ttl":300,"creation_time":"2025-01-01T00:00:00.5Z","creation_path":"auth/token/create","wrapped_accessor":"inner"}}""");

        capture.Printer("table").Secret(secret);

        Assert.Equal("""
            Key                              Value
            ---                              -----
            wrapping_token:                  hvs.wrap
            wrapping_accessor:               acc
            wrapping_token_ttl:              5m
            wrapping_token_creation_time:    2025-01-01 00:00:00.5 +0000 UTC
            wrapping_token_creation_path:    auth/token/create
            wrapped_accessor:                inner

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Secret_AsYaml_SortsKeysAndQuotesAmbiguousStrings()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"request_id":"r","lease_id":"","lease_duration":0,"renewable":false,"data":{"version":"2","flag":"true","name":"plain","list":["a"],"empty":""}}""");

        capture.Printer("yaml").Secret(secret);

        Assert.Equal("""
            data:
              empty: ""
              flag: "true"
              list:
              - a
              name: plain
              version: "2"
            lease_duration: 0
            lease_id: ""
            renewable: false
            request_id: r
            warnings: null

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void List_Table_PrintsSortedKeysUnderKeysHeader()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"data":{"keys":["zeta/","alpha","mid"]}}""");

        capture.Printer("table").List(secret!);

        Assert.Equal("Keys\n----\nalpha\nmid\nzeta/\n", capture.Stdout);
    }

    [Fact]
    public void List_Json_PrintsKeysArrayInServerOrder()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"data":{"keys":["zeta/","alpha"]}}""");

        capture.Printer("json").List(secret!);

        Assert.Equal("[\n  \"zeta/\",\n  \"alpha\"\n]\n", capture.Stdout);
    }

    [Fact]
    public void List_DetailedWithKeyInfo_AddsSortedColumns()
    {
        var capture = new OutputCapture();
        var secret = Secret.Parse("""{"data":{"keys":["b","a"],"key_info":{"a":{"type":"kv","ttl":60},"b":{"type":"pki"}}}}""");

        capture.Printer("table").List(secret!, detailed: true);

        Assert.Equal("""
            Keys    ttl    type
            ----    ---    ----
            a       1m     kv
            b       n/a    pki

            """.ReplaceLineEndings("\n"), capture.Stdout);
    }

    [Fact]
    public void Field_Piped_PrintsRawValueWithoutNewline()
    {
        var capture = new OutputCapture();

        var code = capture.Printer("table").Field(Secret.Parse(TokenCreateResponse)!, "token");

        Assert.Equal(0, code);
        Assert.Equal("hvs.CAESIJ…", capture.Stdout);
    }

    [Fact]
    public void Field_Terminal_EndsWithNewline()
    {
        var capture = new OutputCapture(stdoutIsTerminal: true);

        capture.Printer("table").Field(Secret.Parse(TokenCreateResponse)!, "token_policies");

        Assert.Equal("[default my-policy]\n", capture.Stdout);
    }

    [Fact]
    public void Field_Missing_FailsWithGoMessage()
    {
        var capture = new OutputCapture();

        var code = capture.Printer("table").Field(Secret.Parse("""{"data":{"a":1,"n":null}}""")!, "n");

        Assert.Equal(1, code);
        Assert.Equal("Field \"n\" not present in secret\n", capture.Stderr);
    }

    [Fact]
    public void Field_DataOfKvV2_PrintsInnerData()
    {
        var capture = new OutputCapture();

        capture.Printer("json").Field(Secret.Parse("""{"data":{"data":{"b":1,"a":2},"metadata":{}}}""")!, "data");

        Assert.Equal("{\n  \"a\": 2,\n  \"b\": 1\n}", capture.Stdout);
    }

    [Fact]
    public void Data_Table_PrintsKeyValueRows()
    {
        var capture = new OutputCapture();

        capture.Printer("table").Data(new JsonObject { ["b"] = "2", ["a"] = 1 });

        Assert.Equal("Key    Value\n---    -----\na      1\nb      2\n", capture.Stdout);
    }

    [Fact]
    public void Structured_RawFormatOutsideRead_IsRefused()
    {
        var capture = new OutputCapture();

        var code = capture.Printer("raw").Structured(new JsonObject());

        Assert.Equal(1, code);
        Assert.Contains("does not support the -format=raw option", capture.Stderr, StringComparison.Ordinal);
    }
}

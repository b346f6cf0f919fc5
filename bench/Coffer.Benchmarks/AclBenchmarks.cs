using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Benchmarks;

/// <summary>
/// One ACL decision for a token holding 5 policies of 20 rules each (exact, prefix and segment-wildcard
/// rules mixed). Target: under 300 ns and no allocation when the request has no data.
/// </summary>
[MemoryDiagnoser]
public class AclBenchmarks
{
    private Acl _acl = null!;
    private JsonObject _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        var policies = new List<Policy>();
        for (var p = 0; p < 5; p++)
        {
            var text = new StringBuilder();
            for (var r = 0; r < 20; r++)
            {
                var pattern = (r % 4) switch
                {
                    0 => $"secret/data/team{p}/app{r}",
                    1 => $"secret/data/team{p}/shared{r}/*",
                    2 => $"kv{p}/+/config{r}",
                    _ => $"apps/team{p}/+/env{r}/*",
                };
                text.Append($"path \"{pattern}\" {{ capabilities = [\"read\", \"list\", \"update\"] }}\n");
            }

            policies.Add(PolicyParser.Parse($"policy{p}", text.ToString()));
        }

        _acl = Acl.Compile(policies);
        _data = new JsonObject { ["value"] = "x", ["ttl"] = 30 };
    }

    [Benchmark]
    public bool ExactRule() => _acl.Evaluate(Operation.Read, "secret/data/team3/app8", null, null).Allowed;

    [Benchmark]
    public bool PrefixRule() => _acl.Evaluate(Operation.Read, "secret/data/team2/shared9/deep/key", null, null).Allowed;

    [Benchmark]
    public bool SegmentWildcardRule() => _acl.Evaluate(Operation.Read, "apps/team4/frontend/env19/db", null, null).Allowed;

    [Benchmark]
    public bool NoMatch() => _acl.Evaluate(Operation.Read, "sys/mounts/unknown/path", null, null).Allowed;

    [Benchmark]
    public bool ListWithTrailingSlash() => _acl.Evaluate(Operation.List, "secret/data/team1/shared5/", null, null).Allowed;

    [Benchmark]
    public bool ExactRuleWithData() => _acl.Evaluate(Operation.Update, "secret/data/team3/app8", _data, null).Allowed;
}

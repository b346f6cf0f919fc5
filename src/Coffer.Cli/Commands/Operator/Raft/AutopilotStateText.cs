using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

/// <summary>The human layout of autopilot state: summary lines, then one indented block per server.</summary>
internal static class AutopilotStateText
{
    public static string Format(JsonObject state)
    {
        var sb = new StringBuilder();
        sb.Append("Healthy:                         ").Append(B(JsonFields.GetBool(state, "healthy"))).Append('\n');
        sb.Append("Failure Tolerance:               ").Append(N(JsonFields.GetInt64(state, "failure_tolerance"))).Append('\n');
        sb.Append("Leader:                          ").Append(JsonFields.GetString(state, "leader")).Append('\n');
        sb.Append("Voters:\n");
        AppendIndented(sb, "   ", JsonFields.GetStringList(state, "voters"));
        if (JsonFields.GetStringList(state, "non_voters") is { Count: > 0 } nonVoters)
        {
            sb.Append("Non Voters:\n");
            AppendIndented(sb, "   ", nonVoters);
        }
        var optimistic = JsonFields.GetInt64(state, "optimistic_failure_tolerance");
        if (optimistic > 0)
        {
            sb.Append("Optimistic Failure Tolerance:    ").Append(N(optimistic)).Append('\n');
        }

        sb.Append("Servers:\n");
        foreach (var (id, value) in (JsonFields.GetObject(state, "servers") ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            AppendServer(sb, id, value as JsonObject ?? []);
        }

        if (JsonFields.GetObject(state, "redundancy_zones") is { Count: > 0 } zones)
        {
            sb.Append("Redundancy Zones:\n");
            foreach (var (name, value) in zones.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var zone = value as JsonObject;
                sb.Append("   ").Append(name).Append('\n');
                sb.Append("      Servers: ").Append(SortedList(zone, "servers")).Append('\n');
                sb.Append("      Voters: ").Append(SortedList(zone, "voters")).Append('\n');
                sb.Append("      Failure Tolerance: ").Append(N(JsonFields.GetInt64(zone, "failure_tolerance"))).Append('\n');
            }
        }

        if (JsonFields.GetObject(state, "upgrade_info") is { } upgrade)
        {
            sb.Append("Upgrade Info:\n");
            sb.Append("   Status: ").Append(JsonFields.GetString(upgrade, "status")).Append('\n');
            sb.Append("   Target Version: ").Append(JsonFields.GetString(upgrade, "target_version")).Append('\n');
            sb.Append("   Target Version Voters: ").Append(List(upgrade, "target_version_voters")).Append('\n');
            sb.Append("   Target Version Non-Voters: ").Append(List(upgrade, "target_version_non_voters")).Append('\n');
            sb.Append("   Other Version Voters: ").Append(List(upgrade, "other_version_voters")).Append('\n');
            sb.Append("   Other Version Non-Voters: ").Append(List(upgrade, "other_version_non_voters")).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendServer(StringBuilder sb, string id, JsonObject server)
    {
        sb.Append("   ").Append(id).Append('\n');
        sb.Append("      Name:              ").Append(JsonFields.GetString(server, "name")).Append('\n');
        sb.Append("      Address:           ").Append(JsonFields.GetString(server, "address")).Append('\n');
        sb.Append("      Status:            ").Append(JsonFields.GetString(server, "status")).Append('\n');
        sb.Append("      Node Status:       ").Append(JsonFields.GetString(server, "node_status")).Append('\n');
        sb.Append("      Healthy:           ").Append(B(JsonFields.GetBool(server, "healthy"))).Append('\n');
        sb.Append("      Last Contact:      ").Append(Duration(JsonFields.GetString(server, "last_contact"))).Append('\n');
        sb.Append("      Last Term:         ").Append(N(JsonFields.GetInt64(server, "last_term"))).Append('\n');
        sb.Append("      Last Index:        ").Append(N(JsonFields.GetInt64(server, "last_index"))).Append('\n');
        sb.Append("      Version:           ").Append(JsonFields.GetString(server, "version")).Append('\n');
        AppendIfSet(sb, "      Upgrade Version:   ", JsonFields.GetString(server, "upgrade_version"));
        AppendIfSet(sb, "      Redundancy Zone:   ", JsonFields.GetString(server, "redundancy_zone"));
        AppendIfSet(sb, "      Node Type:         ", JsonFields.GetString(server, "node_type"));
    }

    private static void AppendIfSet(StringBuilder sb, string label, string value)
    {
        if (value.Length > 0)
        {
            sb.Append(label).Append(value).Append('\n');
        }
    }

    private static void AppendIndented(StringBuilder sb, string indent, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            sb.Append(indent).Append(value).Append('\n');
        }
    }

    // The server sends Go duration text, shown as is (nanosecond digits included); a bare number is seconds.
    private static string Duration(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? DurationFormat.GoString(TimeSpan.FromSeconds(seconds))
            : text;

    private static string SortedList(JsonObject? obj, string name) =>
        string.Join(", ", (JsonFields.GetStringList(obj, name) ?? []).Order(StringComparer.Ordinal));

    private static string List(JsonObject obj, string name) => string.Join(", ", JsonFields.GetStringList(obj, name) ?? []);

    private static string B(bool value) => value ? "true" : "false";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}

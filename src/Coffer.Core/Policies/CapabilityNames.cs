namespace Coffer.Core.Policies;

/// <summary>The capability words of the policy language and the order Vault reports them in.</summary>
public static class CapabilityNames
{
    public const string Root = "root";

    /// <summary>Reporting order of <c>sys/capabilities</c>: sudo first, then read, list, update, delete, create, patch, subscribe, recover.</summary>
    private static readonly (Capability Capability, string Name)[] ReportOrder =
    [
        (Capability.Sudo, "sudo"),
        (Capability.Read, "read"),
        (Capability.List, "list"),
        (Capability.Update, "update"),
        (Capability.Delete, "delete"),
        (Capability.Create, "create"),
        (Capability.Patch, "patch"),
        (Capability.Subscribe, "subscribe"),
        (Capability.Recover, "recover"),
    ];

    private static readonly IReadOnlyList<string> DenyOnly = ["deny"];

    /// <summary>Reads one word of a <c>capabilities</c> list; <c>root</c> is not a word a policy may use.</summary>
    public static bool TryParse(string name, out Capability capability)
    {
        capability = name switch
        {
            "deny" => Capability.Deny,
            "create" => Capability.Create,
            "read" => Capability.Read,
            "update" => Capability.Update,
            "patch" => Capability.Patch,
            "delete" => Capability.Delete,
            "list" => Capability.List,
            "sudo" => Capability.Sudo,
            "subscribe" => Capability.Subscribe,
            "recover" => Capability.Recover,
            _ => Capability.None,
        };
        return capability != Capability.None;
    }

    /// <summary>The words for a set of capabilities in reporting order; a deny or an empty set is <c>["deny"]</c>.</summary>
    public static IReadOnlyList<string> Report(Capability capabilities)
    {
        if ((capabilities & Capability.Deny) != 0)
        {
            return DenyOnly;
        }

        var names = new List<string>(ReportOrder.Length);
        foreach (var (capability, name) in ReportOrder)
        {
            if ((capabilities & capability) != 0)
            {
                names.Add(name);
            }
        }

        return names.Count == 0 ? DenyOnly : names;
    }
}

using System.Globalization;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The <c>versions</c> field of delete, undelete and destroy: a list of integers or a comma-separated string.</summary>
internal static class KvVersionNumbers
{
    public const string Field = "versions";

    /// <summary>The requested versions; refuses non-integers and, with Vault's wording, an empty list.</summary>
    public static IReadOnlyList<long> Parse(FieldData data, string emptyMessage)
    {
        var versions = new List<long>();
        foreach (var item in data.GetStringList(Field))
        {
            if (!long.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            {
                throw CofferException.BadRequest($"error converting input for field \"{Field}\": expected a list of integers");
            }

            versions.Add(version);
        }

        return versions.Count == 0 ? throw CofferException.BadRequest(emptyMessage) : versions;
    }
}

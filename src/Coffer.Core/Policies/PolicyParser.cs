using System.Text;
using Coffer.Core.Hcl;

namespace Coffer.Core.Policies;

/// <summary>
/// Reads ACL policy text (HCL, its JSON form, or standard base64 of either) into a <see cref="Policy"/>,
/// with Vault's rules and error texts (spec 4.1, 4.2, 4.11.8, 4.11.9).
/// </summary>
public static class PolicyParser
{
    private static readonly string[] TopLevelKeys = ["name", "path"];

    /// <exception cref="PolicyParseException">The text is not a valid policy.</exception>
    public static Policy Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var rules = TryDecodeBase64(text) ?? text;

        HclBody body;
        try
        {
            body = HclDocument.Parse(rules);
        }
        catch (HclParseException e)
        {
            throw new PolicyParseException(e.Message);
        }

        var invalidKeys = InvalidKeys(body.Items, TopLevelKeys);
        if (invalidKeys.Count > 0)
        {
            throw new PolicyParseException(GoMultiError.Format(invalidKeys));
        }

        foreach (var item in body.Items)
        {
            if (item.Name == "name" && item is not HclAttribute { Value: HclString })
            {
                throw new PolicyParseException($"At {item.Position}: \"name\" must be a string");
            }
        }

        var paths = new List<PathRule>();
        foreach (var item in body.Items)
        {
            if (item.Name != "path")
            {
                continue;
            }

            IReadOnlyList<HclBlock> blocks;
            try
            {
                blocks = HclBlocks.Expand(item, 1);
            }
            catch (HclParseException e)
            {
                throw new PolicyParseException(e.Message);
            }

            foreach (var block in blocks)
            {
                paths.Add(PathRuleParser.Parse(block.Labels[0], block.Body));
            }
        }

        return new Policy(name, rules, paths);
    }

    /// <summary>Vault's <c>invalid key "x" on line N</c> for every key not in the allowed set.</summary>
    internal static List<string> InvalidKeys(IEnumerable<HclBodyItem> items, IReadOnlyCollection<string> allowed)
    {
        var errors = new List<string>();
        foreach (var item in items)
        {
            if (!allowed.Contains(item.Name))
            {
                errors.Add($"invalid key \"{item.Name}\" on line {item.Line}");
            }
        }

        return errors;
    }

    /// <summary>
    /// Vault decodes the policy as standard base64 first and uses the result when that succeeds. Only
    /// strictly valid base64 (Go ignores CR and LF, nothing else) that decodes to UTF-8 counts, so
    /// ordinary HCL is never mistaken for it.
    /// </summary>
    private static string? TryDecodeBase64(string text)
    {
        var compact = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (compact.Length == 0 || compact.Length % 4 != 0)
        {
            return null;
        }

        foreach (var c in compact)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return null;
            }
        }

        var bytes = new byte[compact.Length / 4 * 3];
        if (!Convert.TryFromBase64String(compact, bytes, out var written))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

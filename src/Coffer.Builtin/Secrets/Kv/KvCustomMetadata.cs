using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// <c>custom_metadata</c>: a map of strings describing a key, with Vault's limits (64 keys, keys up to 128 bytes,
/// values up to 512 bytes, printable text only) and its error wording.
/// </summary>
internal static class KvCustomMetadata
{
    public const int MaxKeys = 64;

    public const int MaxKeyLength = 128;

    public const int MaxValueLength = 512;

    private const string Prefix = "custom_metadata validation failed";

    /// <summary>
    /// Converts the request's object to strings the way Vault does (numbers and booleans become text). Null
    /// values are dropped when <paramref name="keepNulls"/> is false, and kept as null (meaning "remove", for
    /// a patch) otherwise. Then checks the limits.
    /// </summary>
    public static Dictionary<string, string?> Parse(JsonObject raw, bool keepNulls)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            if (value is null)
            {
                // On a write Vault reads null as "", which the length check then refuses.
                result[key] = keepNulls ? null : string.Empty;
                continue;
            }

            result[key] = value is JsonValue scalar ? ToText(key, scalar) : throw NotText(key);
        }

        Validate(result.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal));
        return result;
    }

    private static string ToText(string key, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.ToJsonString(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        _ => throw NotText(key),
    };

    private static CofferException NotText(string key) =>
        CofferException.BadRequest($"{Prefix}: value for key \"{key}\" must be a string");

    private static void Validate(Dictionary<string, string> metadata)
    {
        if (metadata.Count > MaxKeys)
        {
            throw Errors([$"{Prefix}: payload must contain at most {MaxKeys} keys, provided {metadata.Count}"]);
        }

        var errors = new List<string>();
        foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var keyLength = Encoding.UTF8.GetByteCount(key);
            if (keyLength is 0 or > MaxKeyLength)
            {
                errors.Add($"{Prefix}: length of key \"{key}\" is {keyLength} but must be 0 < len(key) <= {MaxKeyLength}");
            }

            var valueLength = Encoding.UTF8.GetByteCount(value);
            if (valueLength is 0 or > MaxValueLength)
            {
                errors.Add($"{Prefix}: length of value for key \"{key}\" is {valueLength} but must be 0 < len(value) <= {MaxValueLength}");
            }

            if (!IsPrintable(key))
            {
                errors.Add($"{Prefix}: key \"{key}\" contains unprintable characters");
            }

            if (!IsPrintable(value))
            {
                errors.Add($"{Prefix}: value for key \"{key}\" contains unprintable characters");
            }
        }

        if (errors.Count > 0)
        {
            throw Errors(errors);
        }
    }

    // Vault joins these checks into one message in go-multierror's layout, which clients show verbatim.
    private static CofferException Errors(IReadOnlyList<string> errors)
    {
        var header = errors.Count == 1 ? "1 error occurred:" : $"{errors.Count} errors occurred:";
        return CofferException.BadRequest(header + "\n\t" + string.Join("\n\t", errors.Select(e => "* " + e)) + "\n\n");
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                continue;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }

        return true;
    }
}

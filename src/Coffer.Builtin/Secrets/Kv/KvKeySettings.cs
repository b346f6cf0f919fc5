using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The per-key settings a metadata write or patch carries. A write sets the fields it names; a patch also
/// accepts null for "back to the default" and merges <c>custom_metadata</c> (a null value removes that entry).
/// </summary>
internal sealed class KvKeySettings
{
    private const string MaxVersionsField = "max_versions";
    private const string CasRequiredField = "cas_required";
    private const string DeleteVersionAfterField = "delete_version_after";
    private const string CustomMetadataField = "custom_metadata";

    private bool _setsCustomMetadata;
    private bool _mergesCustomMetadata;
    private Dictionary<string, string?>? _customMetadata;

    public long? MaxVersions { get; private set; }

    public bool? CasRequired { get; private set; }

    public long? DeleteVersionAfterSeconds { get; private set; }

    public bool IsEmpty => MaxVersions is null && CasRequired is null && DeleteVersionAfterSeconds is null && !_setsCustomMetadata;

    public static KvKeySettings FromWrite(FieldData data)
    {
        var settings = new KvKeySettings();
        if (data.IsSet(MaxVersionsField))
        {
            settings.MaxVersions = NonNegativeMaxVersions(data);
        }

        if (data.IsSet(CasRequiredField))
        {
            settings.CasRequired = data.GetBool(CasRequiredField);
        }

        if (data.IsSet(DeleteVersionAfterField))
        {
            settings.DeleteVersionAfterSeconds = NonNegativeDeleteVersionAfter(data);
        }

        if (data.GetMap(CustomMetadataField) is { } custom)
        {
            settings._setsCustomMetadata = true;
            settings._customMetadata = KvCustomMetadata.Parse(custom, keepNulls: false);
        }

        return settings;
    }

    public static KvKeySettings FromPatch(FieldData data)
    {
        var settings = new KvKeySettings();
        if (Present(data, MaxVersionsField))
        {
            settings.MaxVersions = data.IsSet(MaxVersionsField) ? NonNegativeMaxVersions(data) : 0;
        }

        if (Present(data, CasRequiredField))
        {
            settings.CasRequired = data.GetBool(CasRequiredField);
        }

        if (Present(data, DeleteVersionAfterField))
        {
            settings.DeleteVersionAfterSeconds = data.IsSet(DeleteVersionAfterField) ? NonNegativeDeleteVersionAfter(data) : 0;
        }

        if (Present(data, CustomMetadataField))
        {
            settings._setsCustomMetadata = true;
            settings._mergesCustomMetadata = data.IsSet(CustomMetadataField);
            settings._customMetadata = data.GetMap(CustomMetadataField) is { } custom ? KvCustomMetadata.Parse(custom, keepNulls: true) : null;
        }

        return settings;
    }

    public void ApplyTo(KvKeyMetadata metadata)
    {
        if (MaxVersions is { } maxVersions)
        {
            metadata.MaxVersions = maxVersions;
        }

        if (CasRequired is { } casRequired)
        {
            metadata.CasRequired = casRequired;
        }

        if (DeleteVersionAfterSeconds is { } seconds)
        {
            metadata.DeleteVersionAfterSeconds = seconds;
        }

        if (_setsCustomMetadata)
        {
            metadata.CustomMetadata = NormalizedCustomMetadata(_mergesCustomMetadata ? metadata.CustomMetadata : null);
        }
    }

    // An empty map reads back as null, as in Vault (its storage format drops empty maps).
    private Dictionary<string, string>? NormalizedCustomMetadata(Dictionary<string, string>? existing)
    {
        var result = existing is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(existing, StringComparer.Ordinal);
        foreach (var (key, value) in _customMetadata ?? [])
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value;
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static bool Present(FieldData data, string field) => data.Raw.ContainsKey(field);

    private static long NonNegativeMaxVersions(FieldData data)
    {
        var value = data.GetInt(MaxVersionsField);
        return value >= 0
            ? value
            : throw CofferException.BadRequest($"error converting input for field \"{MaxVersionsField}\": cannot provide negative value '{value}'");
    }

    private static long NonNegativeDeleteVersionAfter(FieldData data)
    {
        var seconds = (long)data.GetDuration(DeleteVersionAfterField).TotalSeconds;
        return seconds >= 0
            ? seconds
            : throw CofferException.BadRequest($"error converting input for field \"{DeleteVersionAfterField}\": cannot provide negative value '{seconds}'");
    }
}

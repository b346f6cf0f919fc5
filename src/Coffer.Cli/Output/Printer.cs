using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// Prints responses in the selected format: the Key/Value table, Go-style JSON, YAML, or one raw field.
/// Every method returns the exit code the command should end with.
/// </summary>
internal sealed class Printer
{
    private const string RawNotSupported = "This command does not support the -format=raw option; only `coffer read` does.";

    private readonly Ui _ui;

    public Printer(Ui ui, string format)
    {
        _ui = ui;
        Format = format;
    }

    public string Format { get; }

    public bool IsTable => Format == OutputFormat.Table;

    /// <summary>Prints a whole response.</summary>
    public int Secret(Secret? secret)
    {
        switch (Format)
        {
            case OutputFormat.Table:
                if (secret is not null)
                {
                    PrintWarnings(secret);
                    var rows = SecretRows(secret);
                    if (rows.Count > 0)
                    {
                        _ui.Output(Columns.Table(["Key", "Value"], rows));
                    }
                }
                return 0;
            default:
                return Structured(secret is null ? null : SecretJson.Build(secret));
        }
    }

    /// <summary>Prints the <c>data.keys</c> of a list response (sorted in a table, as received otherwise).</summary>
    public int List(Secret secret, bool detailed = false)
    {
        var keys = secret.Data?["keys"] as JsonArray ?? [];
        if (!IsTable)
        {
            return Structured(detailed ? SecretJson.Build(secret) : GoJson.SortMaps(keys));
        }
        PrintWarnings(secret);
        var names = keys.Select(k => k is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : GoFormat.Value(k))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return 0;
        }
        var keyInfo = detailed ? secret.Data?["key_info"] as JsonObject : null;
        if (keyInfo is null || keyInfo.Count == 0)
        {
            _ui.Output(Columns.Table(["Keys"], names.Select(n => (IReadOnlyList<string>)[n])));
            return 0;
        }
        var headers = keyInfo.Where(p => names.Contains(p.Key, StringComparer.Ordinal))
            .SelectMany(p => p.Value is JsonObject o ? o.Select(x => x.Key) : [])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = names.Select(name =>
        {
            var info = keyInfo[name] as JsonObject;
            IReadOnlyList<string> row = [name, .. headers.Select(h => info is not null && info.ContainsKey(h) ? ValueText(h, info[h]) : "n/a")];
            return row;
        });
        _ui.Output(Columns.Table(["Keys", .. headers], rows));
        return 0;
    }

    /// <summary>Prints arbitrary data: a Key/Value table for an object, a key list for an array.</summary>
    public int Data(JsonNode? data)
    {
        if (!IsTable)
        {
            return Structured(data);
        }
        switch (data)
        {
            case JsonObject obj:
                var rows = obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => (IReadOnlyList<string>)[p.Key, ValueText(p.Key, p.Value)]).ToList();
                if (rows.Count > 0)
                {
                    _ui.Output(Columns.Table(["Key", "Value"], rows));
                }
                return 0;
            case JsonArray array:
                var items = array.Select(GoFormat.Value).Order(StringComparer.Ordinal).ToList();
                if (items.Count > 0)
                {
                    _ui.Output(Columns.Table(["Keys"], items.Select(i => (IReadOnlyList<string>)[i])));
                }
                return 0;
            case null:
                return 0;
            default:
                _ui.Output(GoFormat.Value(data));
                return 0;
        }
    }

    /// <summary>Prints one field of a response (auth and wrap fields first, then <c>data</c>).</summary>
    public int Field(Secret secret, string field) => PrintField(field, RawField(secret, field));

    /// <summary>Prints one key of a data object.</summary>
    public int Field(JsonObject data, string field) => PrintField(field, data[field]?.DeepClone());

    /// <summary>
    /// Prints a value without a line break when standard output is piped, so that
    /// <c>$(coffer … -field=token)</c> captures exactly the value.
    /// </summary>
    public int Raw(string text)
    {
        if (_ui.StdoutIsTerminal)
        {
            _ui.Output(text);
        }
        else
        {
            _ui.Write(text);
        }
        return 0;
    }

    /// <summary>The warning block the table format shows before a response.</summary>
    public void PrintWarnings(Secret secret)
    {
        if (secret.Warnings is not { Count: > 0 } warnings)
        {
            return;
        }
        _ui.Warn("WARNING! The following warnings were returned from Vault:\n");
        foreach (var warning in warnings)
        {
            _ui.Warn(TextWrap.WrapAtLength("* " + warning, 2));
            _ui.Warn("");
        }
    }

    /// <summary>JSON, YAML (or an error for formats that cannot show structured data).</summary>
    public int Structured(JsonNode? node)
    {
        switch (Format)
        {
            case OutputFormat.Json:
                _ui.Output(GoJson.Serialize(node));
                return 0;
            case OutputFormat.Yaml:
                _ui.Output(YamlText.Serialize(node));
                return 0;
            case OutputFormat.Raw:
                _ui.Error("Could not parse output: " + RawNotSupported);
                return 1;
            case OutputFormat.Pretty:
                _ui.Error("Could not parse output: cannot use the pretty formatter for this type");
                return 1;
            default:
                _ui.Error("Invalid output format: " + Format);
                return 1;
        }
    }

    /// <summary>Value text of a table cell; TTL-like keys holding whole seconds are shown as durations.</summary>
    public static string ValueText(string key, JsonNode? value)
    {
        if (LooksLikeDuration(key) && JsonFields.TryGetInt64(value, out var seconds) && value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return DurationFormat.HumanizeSeconds(seconds);
        }
        return GoFormat.Value(value);
    }

    public static bool LooksLikeDuration(string key) =>
        key is "period" or "ttl" or "duration" or "lease_max" or "ttl_max"
        || key.EndsWith("_period", StringComparison.Ordinal)
        || key.EndsWith("_ttl", StringComparison.Ordinal)
        || key.EndsWith("_duration", StringComparison.Ordinal);

    /// <summary>Go's <c>time.Time.String()</c> of an RFC 3339 timestamp, used for the wrapping creation time.</summary>
    public static string GoTimeString(string rfc3339)
    {
        if (!DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return rfc3339;
        }
        var fraction = (time.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var numericOffset = sign + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
        var zone = offset == TimeSpan.Zero ? "UTC" : numericOffset;
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            + (fraction.Length > 0 ? "." + fraction : "") + " " + numericOffset + " " + zone;
    }

    private int PrintField(string field, JsonNode? value)
    {
        if (value is null)
        {
            _ui.Error($"Field {GoFormat.Quote(field)} not present in secret");
            return 1;
        }
        // A field holding JSON null counts as missing, as in the Go CLI.
        return Format switch
        {
            OutputFormat.Table or OutputFormat.Raw => Raw(GoFormat.Value(value)),
            OutputFormat.Json => Raw(GoJson.Serialize(GoJson.SortMaps(value))),
            OutputFormat.Yaml => Raw(YamlText.Serialize(value)),
            _ => Structured(value),
        };
    }

    private static JsonNode? RawField(Secret secret, string field)
    {
        if (secret.Auth is { } auth)
        {
            switch (field)
            {
                case "token": return auth.ClientToken;
                case "token_accessor": return auth.Accessor;
                case "token_duration": return auth.LeaseDuration;
                case "token_renewable": return auth.Renewable;
                case "token_policies": return ListOrNull(auth.TokenPolicies);
                case "identity_policies": return ListOrNull(auth.IdentityPolicies);
                case "policies": return ListOrNull(auth.Policies);
            }
            return DataField(secret, field);
        }
        if (secret.WrapInfo is { } wrap)
        {
            switch (field)
            {
                case "wrapping_token": return wrap.Token;
                case "wrapping_accessor": return wrap.Accessor;
                case "wrapping_token_ttl": return wrap.Ttl;
                case "wrapping_token_creation_time": return wrap.CreationTime;
                case "wrapping_token_creation_path": return wrap.CreationPath;
                case "wrapped_accessor": return wrap.WrappedAccessor;
            }
            return DataField(secret, field);
        }
        switch (field)
        {
            case "lease_duration":
            case "refresh_interval":
                return secret.LeaseDuration;
            case "lease_id": return secret.LeaseId;
            case "request_id": return secret.RequestId;
            case "renewable": return secret.Renewable;
            case "data":
                return secret.Data is { } data && data.TryGetPropertyValue("data", out var inner) ? inner?.DeepClone() : secret.Data?.DeepClone();
        }
        return DataField(secret, field);
    }

    private static JsonNode? DataField(Secret secret, string field) =>
        secret.Data is { } data && data.TryGetPropertyValue(field, out var value) ? value?.DeepClone() : null;

    private static JsonArray? ListOrNull(IReadOnlyList<string>? list) => list is null ? null : GoJson.StringArray(list);

    private static List<IReadOnlyList<string>> SecretRows(Secret secret)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Add(string key, string value) => rows.Add([key, value]);

        if (secret.LeaseDuration > 0)
        {
            if (secret.LeaseId.Length > 0)
            {
                Add("lease_id", secret.LeaseId);
                Add("lease_duration", DurationFormat.HumanizeSeconds(secret.LeaseDuration));
                Add("lease_renewable", Bool(secret.Renewable));
            }
            else
            {
                // A lease duration without a lease ID is a refresh hint (KV), not a lease.
                Add("refresh_interval", DurationFormat.HumanizeSeconds(secret.LeaseDuration));
            }
        }

        if (secret.Auth is { } auth)
        {
            if (auth.MfaRequirement is JsonObject mfa)
            {
                AddMfaRows(mfa, Add);
            }
            else
            {
                Add("token", auth.ClientToken);
                Add("token_accessor", auth.Accessor);
                // A zero duration is a non-expiring (root) token.
                Add("token_duration", auth.LeaseDuration == 0 ? "∞" : DurationFormat.HumanizeSeconds(auth.LeaseDuration));
                Add("token_renewable", Bool(auth.Renewable));
                Add("token_policies", GoFormat.QuotedList(auth.TokenPolicies));
                Add("identity_policies", GoFormat.QuotedList(auth.IdentityPolicies));
                Add("policies", GoFormat.QuotedList(auth.Policies));
                foreach (var (key, value) in (auth.Metadata ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Add("token_meta_" + key, value);
                }
            }
        }

        if (secret.WrapInfo is { } wrap)
        {
            Add("wrapping_token:", wrap.Token);
            Add("wrapping_accessor:", wrap.Accessor);
            Add("wrapping_token_ttl:", DurationFormat.HumanizeSeconds(wrap.Ttl));
            Add("wrapping_token_creation_time:", GoTimeString(wrap.CreationTime));
            Add("wrapping_token_creation_path:", wrap.CreationPath);
            if (wrap.WrappedAccessor.Length > 0)
            {
                Add("wrapped_accessor:", wrap.WrappedAccessor);
            }
        }

        if (secret.Data is { Count: > 0 } data)
        {
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Add(key, ValueText(key, value));
            }
        }
        return rows;
    }

    private static void AddMfaRows(JsonObject mfa, Action<string, string> add)
    {
        add("mfa_request_id", JsonFields.GetString(mfa, "mfa_request_id"));
        if (mfa["mfa_constraints"] is not JsonObject constraints)
        {
            return;
        }
        foreach (var (name, set) in constraints.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if ((set as JsonObject)?["any"] is not JsonArray any)
            {
                continue;
            }
            foreach (var method in any.OfType<JsonObject>())
            {
                var type = JsonFields.GetString(method, "type");
                add($"mfa_constraint_{name}_{type}_id", JsonFields.GetString(method, "id"));
                add($"mfa_constraint_{name}_{type}_uses_passcode", Bool(JsonFields.GetBool(method, "uses_passcode")));
            }
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}

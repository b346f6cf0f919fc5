using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Status of a root, DR operation or recovery token generation attempt.</summary>
public sealed class GenerateRootStatus
{
    public string Nonce { get; init; } = "";
    public bool Started { get; init; }
    public long Progress { get; init; }
    public long Required { get; init; }
    public bool Complete { get; init; }
    public string EncodedToken { get; init; } = "";
    public string EncodedRootToken { get; init; } = "";
    public string PgpFingerprint { get; init; } = "";

    /// <summary>Only set in the answer to an attempt the server generated the OTP for.</summary>
    public string Otp { get; init; } = "";

    public long OtpLength { get; init; }

    public static GenerateRootStatus Parse(JsonObject obj) => new()
    {
        Nonce = JsonFields.GetString(obj, "nonce"),
        Started = JsonFields.GetBool(obj, "started"),
        Progress = JsonFields.GetInt64(obj, "progress"),
        Required = JsonFields.GetInt64(obj, "required"),
        Complete = JsonFields.GetBool(obj, "complete"),
        EncodedToken = JsonFields.GetString(obj, "encoded_token"),
        EncodedRootToken = JsonFields.GetString(obj, "encoded_root_token"),
        PgpFingerprint = JsonFields.GetString(obj, "pgp_fingerprint"),
        Otp = JsonFields.GetString(obj, "otp"),
        OtpLength = JsonFields.GetInt64(obj, "otp_length"),
    };
}

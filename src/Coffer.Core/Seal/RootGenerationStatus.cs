namespace Coffer.Core.Seal;

/// <summary>The status document of a generate-root (or generate-operation-token) attempt.</summary>
public sealed record RootGenerationStatus(
    string Nonce,
    bool Started,
    int Progress,
    int Required,
    bool Complete,
    string EncodedToken,
    string Otp,
    int OtpLength);

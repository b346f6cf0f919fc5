namespace Coffer.Core.Seal;

/// <summary>The answer to <c>sys/init</c>: the key shares and the initial root token, shown once.</summary>
public sealed record InitResult(IReadOnlyList<byte[]> KeyShares, string RootToken);

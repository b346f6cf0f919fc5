namespace Coffer.Core.Tokens;

/// <summary>The accessor index: from an accessor to the token it stands for.</summary>
internal sealed record AccessorIndexEntry(string TokenId, string AccessorId);

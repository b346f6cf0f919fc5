namespace Coffer.Core.Barrier;

/// <summary>
/// What <c>sys/key-status</c> reports about the active keyring term. <paramref name="Encryptions"/>
/// counts the encryptions this process has done under that term since it was unsealed (or since the
/// term was installed, if later); it is not persisted or summed across nodes, unlike Vault's counter.
/// </summary>
public sealed record KeyStatus(int Term, DateTimeOffset InstallTime, long Encryptions);

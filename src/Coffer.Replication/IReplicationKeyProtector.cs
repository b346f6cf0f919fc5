namespace Coffer.Replication;

/// <summary>
/// Protects the replication CA's private key before it is written to physical storage. Storage already holds
/// every replicated byte, so the key adds little for someone who can read it; a host that wants it sealed
/// anyway (for example under the barrier keyring) supplies this. Without one the key is stored as PKCS#8.
/// </summary>
public interface IReplicationKeyProtector
{
    byte[] Protect(byte[] plaintext);

    byte[] Unprotect(byte[] protectedData);
}

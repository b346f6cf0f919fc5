namespace Coffer.Server.Hosting;

/// <summary>A problem with flags or configuration that stops the server before it starts; the message is for the operator.</summary>
public sealed class ServerStartupException(string message) : Exception(message);

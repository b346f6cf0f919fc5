namespace Coffer.Server.Hosting;

/// <summary>Server options from configuration files (<c>-config</c>).</summary>
internal static class ConfiguredServer
{
    public static CofferServerOptions Options(ServerFlags flags, TextWriter stderr) =>
        throw new ServerStartupException("configuration files are being wired in; use -dev");
}

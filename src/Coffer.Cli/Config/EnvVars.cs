namespace Coffer.Cli.Config;

/// <summary>
/// Reads the CLI's environment variables under both prefixes. COFFER_X wins over VAULT_X when both
/// are set (and non-empty): a Coffer-specific setting is the more deliberate choice, while VAULT_X
/// keeps existing runbooks and shells working unchanged.
/// </summary>
internal static class EnvVars
{
    public static string? Get(CliEnvironment env, string suffix)
    {
        var coffer = env.GetVariable("COFFER_" + suffix);
        if (!string.IsNullOrEmpty(coffer))
        {
            return coffer;
        }
        var vault = env.GetVariable("VAULT_" + suffix);
        return string.IsNullOrEmpty(vault) ? null : vault;
    }

    /// <summary>The variable actually used, for messages (<c>COFFER_TOKEN</c> or <c>VAULT_TOKEN</c>).</summary>
    public static string? NameInUse(CliEnvironment env, string suffix)
    {
        if (!string.IsNullOrEmpty(env.GetVariable("COFFER_" + suffix)))
        {
            return "COFFER_" + suffix;
        }
        return string.IsNullOrEmpty(env.GetVariable("VAULT_" + suffix)) ? null : "VAULT_" + suffix;
    }
}

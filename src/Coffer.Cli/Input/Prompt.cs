using Coffer.Cli.Commands;

namespace Coffer.Cli.Input;

/// <summary>Asks for a secret on the terminal: the prompt goes to standard output, the answer is not echoed.</summary>
internal static class Prompt
{
    /// <returns>The trimmed answer, or null when standard input is closed.</returns>
    public static string? ReadSecret(CommandContext context, string prompt)
    {
        context.Ui.Write(prompt);
        var line = context.Env.ReadSecretLine();
        context.Ui.Write("\n");
        return line?.Trim();
    }
}

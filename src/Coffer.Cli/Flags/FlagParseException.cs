namespace Coffer.Cli.Flags;

/// <summary>A command line that does not fit the declared flags; the message is shown as is.</summary>
internal sealed class FlagParseException(string message) : Exception(message);

namespace Coffer.Server.Configuration;

/// <summary>A configuration that cannot be used; lists every problem found, each with file, line and column.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigProblem> problems)
        : base("invalid configuration:\n" + string.Join('\n', problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<ConfigProblem> Problems { get; }
}

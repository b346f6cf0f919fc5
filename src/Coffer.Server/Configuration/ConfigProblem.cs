namespace Coffer.Server.Configuration;

/// <summary>One thing wrong with a configuration file, where it is (line and column are 1-based; 0 when unknown).</summary>
public sealed record ConfigProblem(string Source, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}

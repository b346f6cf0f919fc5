using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Collects problems and warnings while reading one or more files, so every problem is reported at once.</summary>
internal sealed class ConfigDiagnostics
{
    private readonly List<ConfigProblem> _problems = [];
    private readonly List<string> _warnings = [];

    public string Source { get; set; } = string.Empty;

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public IReadOnlyList<string> Warnings => _warnings;

    public void Problem(HclNode at, string message) => _problems.Add(new ConfigProblem(Source, at.Line, at.Column, message));

    public void Problem(int line, int column, string message) => _problems.Add(new ConfigProblem(Source, line, column, message));

    public void UnknownField(HclBodyItem item) =>
        _warnings.Add($"unknown or unsupported field {item.Name} found in configuration at {Source}:{item.Line}:{item.Column}");

    public void Warning(HclNode at, string message) => _warnings.Add($"{message} (at {Source}:{at.Line}:{at.Column})");
}

using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Where a setting was written, kept for checks that can only run once every file is merged.</summary>
internal readonly record struct ConfigLocation(string Source, int Line, int Column)
{
    public static ConfigLocation Of(ConfigDiagnostics diagnostics, HclNode node) => new(diagnostics.Source, node.Line, node.Column);
}

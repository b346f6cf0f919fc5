using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>
/// Loads the server configuration in Vault's format, HCL or JSON: one file, or every <c>.hcl</c> and
/// <c>.json</c> file of a directory merged in name order. Unknown fields are warnings; wrong types and
/// invalid values are all collected into one <see cref="ConfigException"/>.
/// </summary>
public static class ConfigLoader
{
    /// <exception cref="ConfigException">The file or directory is missing, unreadable, or invalid.</exception>
    public static ConfigLoadResult Load(string path) => Load([path]);

    /// <summary>Several <c>-config</c> paths, merged in the order given.</summary>
    /// <exception cref="ConfigException">A path is missing, unreadable, or invalid.</exception>
    public static ConfigLoadResult Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var diagnostics = new ConfigDiagnostics();
        var merged = new ServerConfigBuilder();
        foreach (var path in paths)
        {
            foreach (var file in FilesFor(path, diagnostics))
            {
                diagnostics.Source = file;
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Problem(0, 0, $"cannot read the file: {e.Message}");
                    continue;
                }

                ReadInto(merged, text, diagnostics);
            }
        }

        return Finish(merged, diagnostics);
    }

    /// <summary>Reads configuration text; <paramref name="sourceName"/> names it in messages.</summary>
    /// <exception cref="ConfigException">The text is invalid.</exception>
    public static ConfigLoadResult Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var diagnostics = new ConfigDiagnostics { Source = sourceName };
        var merged = new ServerConfigBuilder();
        ReadInto(merged, text, diagnostics);
        return Finish(merged, diagnostics);
    }

    private static void ReadInto(ServerConfigBuilder merged, string text, ConfigDiagnostics diagnostics)
    {
        HclBody body;
        try
        {
            body = HclDocument.Parse(text);
        }
        catch (HclParseException e)
        {
            diagnostics.Problem(e.Line, e.Column, e.Reason);
            return;
        }

        merged.MergeFrom(ConfigFileReader.Read(body, diagnostics));
    }

    private static ConfigLoadResult Finish(ServerConfigBuilder merged, ConfigDiagnostics diagnostics)
    {
        var problems = diagnostics.Problems.ToList();
        var config = merged.Build(problems);
        return problems.Count > 0
            ? throw new ConfigException(problems)
            : new ConfigLoadResult(config, diagnostics.Warnings.ToArray());
    }

    /// <summary>A file as is; a directory's <c>.hcl</c>/<c>.json</c> files in ordinal name order, hidden and backup files skipped.</summary>
    private static IEnumerable<string> FilesFor(string path, ConfigDiagnostics diagnostics)
    {
        diagnostics.Source = path;
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            diagnostics.Problem(0, 0, "no such file or directory");
            return [];
        }

        var files = Directory.EnumerateFiles(path)
            .Where(f =>
            {
                var name = Path.GetFileName(f);
                var extension = Path.GetExtension(f);
                return !name.StartsWith('.')
                    && (extension.Equals(".hcl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase));
            })
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            diagnostics.Problem(0, 0, "the directory holds no .hcl or .json configuration files");
        }

        return files;
    }
}

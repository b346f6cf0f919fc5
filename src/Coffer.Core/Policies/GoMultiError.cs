namespace Coffer.Core.Policies;

/// <summary>
/// The text of Go's <c>go-multierror</c>, which Vault uses for lists of problems and clients see verbatim:
/// <c>2 errors occurred:\n\t* a\n\t* b\n\n</c>.
/// </summary>
internal static class GoMultiError
{
    public static string Format(IReadOnlyList<string> errors)
    {
        var header = errors.Count == 1 ? "1 error occurred:" : $"{errors.Count} errors occurred:";
        return header + "\n\t* " + string.Join("\n\t* ", errors) + "\n\n";
    }
}

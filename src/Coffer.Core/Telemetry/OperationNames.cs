using Coffer.Sdk.Logical;

namespace Coffer.Core.Telemetry;

/// <summary>Lower-case operation names for labels, computed once rather than per request.</summary>
internal static class OperationNames
{
    private static readonly string[] Names = Enum.GetValues<Operation>().Select(o => o.ToString().ToLowerInvariant()).ToArray();

    public static string Of(Operation operation) => Names[(int)operation];
}

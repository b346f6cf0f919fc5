using Coffer.Sdk.Logical;

namespace Coffer.Core;

/// <summary>Types from the Sdk that Core's public surface is built on (keeps the reference explicit).</summary>
internal static class CoreReferences
{
    internal static readonly Type Request = typeof(LogicalRequest);
}

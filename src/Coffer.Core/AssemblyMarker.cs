namespace Coffer.Core;

/// <summary>A type whose only job is to name this assembly in tests and reflection.</summary>
public static class AssemblyMarker
{
}

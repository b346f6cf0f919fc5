using Coffer.Sdk.Logical;

namespace Coffer.Sdk.Framework;

/// <summary>Shorthand for the operation tables of <see cref="PathSpec"/>.</summary>
public static class Handlers
{
    public static IReadOnlyDictionary<Operation, PathHandler> Of(params (Operation Operation, PathHandler Handler)[] handlers) =>
        handlers.ToDictionary(h => h.Operation, h => h.Handler);

    /// <summary>The same handler for create and update, as most write paths want.</summary>
    public static (Operation, PathHandler)[] Write(PathHandler handler) => [(Operation.Create, handler), (Operation.Update, handler)];
}

using Coffer.Sdk.Logical;

namespace Coffer.Sdk.Framework;

/// <summary>Handles one operation on one path; returns null for "done, nothing to say" (HTTP 204).</summary>
public delegate Task<LogicalResponse?> PathHandler(LogicalRequest request, FieldData data, CancellationToken cancellationToken);

/// <summary>Tells whether the item a write targets exists, which makes the write an update instead of a create.</summary>
public delegate Task<bool> ExistenceCheck(LogicalRequest request, FieldData data, CancellationToken cancellationToken);

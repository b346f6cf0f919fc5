using System.Buffers;
using Coffer.Core.Tokens;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Audit;

/// <summary>Which lines one audit call writes.</summary>
internal enum AuditLineKind
{
    Request,
    Response,

    /// <summary>A read's request line, written with its response line once the read is done.</summary>
    RequestAndResponse,
}

/// <summary>
/// What the broker needs to build one call's lines for each device (each has its own salt): a value, not a closure,
/// so that auditing a request allocates nothing but the lines themselves.
/// </summary>
internal readonly record struct AuditLines(
    AuditLineKind Kind, LogicalRequest Request, string FullPath, TokenEntry? Caller, LogicalResponse? Response, string? Error)
{
    public void AppendTo(ArrayBufferWriter<byte> buffer, IAuditDevice device, DateTimeOffset time)
    {
        switch (Kind)
        {
            case AuditLineKind.Request:
                AuditRecord.Request(buffer, device, time, Request, FullPath, Caller, Error);
                break;
            case AuditLineKind.Response:
                AuditRecord.Response(buffer, device, time, Request, FullPath, Caller, Response, Error);
                break;
            default:
                AuditRecord.RequestAndResponse(buffer, device, time, Request, FullPath, Caller, Response, Error);
                break;
        }
    }
}

using System.Text;

// Minimal on purpose: no logging, no routing beyond two patterns, one pre-encoded body. Whatever Coffer
// does per request beyond this (pipeline, auth, storage, JSON) shows up as the gap to this app.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

// Shaped and sized like Coffer's (Vault's) sys/health response, so both sides write similar bytes.
var body = Encoding.UTF8.GetBytes(
    """{"initialized":true,"sealed":false,"standby":false,"performance_standby":false,"replication_performance_mode":"disabled","replication_dr_mode":"disabled","server_time_utc":1750000000,"version":"1.19.0","enterprise":false,"cluster_name":"coffer-cluster-0a1b2c3d","cluster_id":"5f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9","echo_duration_ms":0,"clock_skew_ms":0,"replication_primary_canary_age_ms":0}""");

Task WriteBody(HttpContext context)
{
    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
}

app.MapMethods("/v1/sys/health", ["GET", "HEAD"], WriteBody);
app.Map("/v1/{**path}", WriteBody);
app.Run();

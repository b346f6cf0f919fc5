namespace Coffer.Cli.Commands.Kv;

internal sealed class UndeleteCommand : VersionsCommand
{
    public override string Synopsis => "Bring back soft-deleted versions of a KV secret";

    protected override string ApiPrefix => "undelete";

    protected override string Verb => "undelete";

    protected override string NotOnVersionOne => "Undelete not supported on KV Version 1";

    protected override string Usage => """
        Usage: coffer kv undelete [options] KEY

          Restores soft-deleted versions of a key on a KV v2 mount:

              $ coffer kv undelete -mount=secret -versions=3 app/config
        """;
}

namespace Coffer.Cli.Commands.Kv;

internal sealed class DestroyCommand : VersionsCommand
{
    public override string Synopsis => "Erase versions of a KV secret for good";

    protected override string ApiPrefix => "destroy";

    protected override string Verb => "destroy";

    protected override string NotOnVersionOne => "Destroy not supported on KV Version 1";

    protected override string Usage => """
        Usage: coffer kv destroy [options] KEY

          Permanently erases versions of a key on a KV v2 mount; they cannot be
          restored:

              $ coffer kv destroy -mount=secret -versions=1,2 app/config
        """;
}

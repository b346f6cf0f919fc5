namespace Coffer.Cli.Commands.Generic;

/// <summary>Hands every argument to the server host; this CLI parses none of them.</summary>
internal sealed class ServerCommand : Command
{
    public override string Synopsis => "Run a Coffer server";

    protected override string Usage => """
        Usage: coffer server [options]

          Starts a Coffer server that answers API requests until it receives an
          interrupt or terminate signal. With -config it reads an HCL or JSON
          configuration; with -dev it runs a single in-memory development server
          that starts initialized and unsealed, with a known root token:

              $ coffer server -config=/etc/coffer/config.hcl
              $ coffer server -dev -dev-root-token-id=root

          The server itself documents its options; see the project documentation.
        """;

    protected override IReadOnlyList<string> ParseFlags(IReadOnlyList<string> args) => args;

    protected override Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        context.Env.RunServerAsync(args, context.Env.Stdout, context.Env.Stderr, cancellationToken);

    protected override bool ShowsTableOutput(CommandContext context) => false;
}

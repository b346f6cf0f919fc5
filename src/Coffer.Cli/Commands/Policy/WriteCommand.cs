using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Commands.Policy;

internal sealed class WriteCommand : ApiCommand
{
    public override string Synopsis => "Create or replace a policy from a file or standard input";

    protected override string Usage => """
        Usage: coffer policy write [options] NAME PATH

          Uploads a policy under NAME from the file at PATH, or from standard input
          when PATH is "-". Names are lowercased. Updating a policy changes the
          permissions of every token that carries it:

              $ coffer policy write ops ops.hcl
              $ coffer policy write ops - <<EOF
              path "secret/*" { capabilities = ["read"] }
              EOF
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 2, 2);
        using var client = CreateClient(context);
        var name = args[0].ToLowerInvariant().Trim();
        var path = args[1].Trim();
        string rules;
        if (path == "-")
        {
            rules = context.Env.Stdin.ReadToEnd();
        }
        else
        {
            try
            {
                rules = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Ui.Error("Error opening policy file: " + ex.Message);
                return 2;
            }
        }
        try
        {
            await client.SendAsync(HttpMethod.Put, "sys/policies/acl/" + name, new JsonObject { ["policy"] = rules }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error uploading policy: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Success! Uploaded policy: " + name);
        return 0;
    }
}

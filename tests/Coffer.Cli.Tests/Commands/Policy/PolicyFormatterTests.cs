using Coffer.Cli.Commands.Policy;

namespace Coffer.Cli.Tests.Commands.Policy;

public sealed class PolicyFormatterTests
{
    [Fact]
    public void Format_MessyPolicy_GivesCanonicalLayout()
    {
        var input = "\n\n# comment   kept   as is\npath   \"secret/*\"{\n        capabilities=[\"read\",\"list\"]\n\n\n}\npath \"sys/x\" {\ncapabilities = [\n\"update\" ,\n]   \n  }\n\n";

        var output = PolicyFormatter.Format(input);

        Assert.Equal("""
            # comment   kept   as is
            path "secret/*" {
              capabilities = ["read", "list"]

            }
            path "sys/x" {
              capabilities = [
                "update",
              ]
            }

            """.ReplaceLineEndings("\n"), output);
    }

    [Fact]
    public void Format_StringsAreNotTouched()
    {
        var output = PolicyFormatter.Format("path \"a  b = {c}\" {\n  x   =   \"  y , z  \"\n}");

        Assert.Equal("path \"a  b = {c}\" {\n  x = \"  y , z  \"\n}\n", output);
    }

    [Fact]
    public void Format_IsIdempotent()
    {
        var once = PolicyFormatter.Format("path \"a\" {\n capabilities = [\"read\"]\n allowed_parameters = {\n \"k\" = []\n }\n}\n");

        Assert.Equal(once, PolicyFormatter.Format(once));
    }

    [Fact]
    public void Format_UnclosedBlock_FailsWithLine()
    {
        var ex = Assert.Throws<FormatException>(() => PolicyFormatter.Format("path \"a\" {\n  capabilities = [\"read\"]\n"));

        Assert.Equal("line 1: block or list is never closed", ex.Message);
    }

    [Fact]
    public void Format_ExtraClosingBrace_Fails()
    {
        Assert.Throws<FormatException>(() => PolicyFormatter.Format("}\n"));
    }

    [Fact]
    public void Format_UnterminatedString_Fails()
    {
        var ex = Assert.Throws<FormatException>(() => PolicyFormatter.Format("path \"a {\n}\n"));

        Assert.Equal("line 1: unterminated string", ex.Message);
    }
}

using Coffer.Core.Tokens;

namespace Coffer.Core.Tests.Tokens;

public sealed class PolicyListsTests
{
    [Theory]
    [InlineData("app", "app", true)]
    [InlineData("app", "apps", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("app-*", "app-web", true)]
    [InlineData("app-*", "app-", true)]
    [InlineData("app-*", "ops-app-web", false)]
    [InlineData("*-web", "app-web", true)]
    [InlineData("*-web", "app-web-2", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "a-c-b-c", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("a**z", "az", true)]
    [InlineData("*mid*", "a mid b", true)]
    [InlineData("App-*", "app-web", false)]
    public void GlobMatches_StarsMatchAnyRunOfCharacters(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, PolicyLists.GlobMatches(pattern, value));
    }

    /// <summary>A backtracking matcher gives up on this (a regular expression timed out and threw).</summary>
    [Fact]
    public void GlobMatches_PatternThatWouldBacktrack_IsAnswered()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 40)) + "b";
        var value = new string('a', 10_000);

        Assert.False(PolicyLists.GlobMatches(pattern, value));
        Assert.True(PolicyLists.GlobMatches(pattern, value + "b"));
    }
}

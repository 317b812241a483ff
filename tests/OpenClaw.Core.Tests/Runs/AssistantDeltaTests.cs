using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

public sealed class AssistantDeltaTests
{
    [Fact]
    public void Text_IsTheCumulativeTextOfTheChain()
    {
        var first = new AssistantDelta("echo:", 0);
        var second = new AssistantDelta(" hello", 0, first);
        var third = new AssistantDelta(" world", 0, second);

        third.Text.Should().Be("echo: hello world");
        second.Text.Should().Be("echo: hello");
        first.Text.Should().Be("echo:");
    }

    [Fact]
    public void Text_OfAVeryLongChain_DoesNotOverflowTheStack()
    {
        AssistantDelta? last = null;
        for (var i = 0; i < 200_000; i++)
        {
            last = new AssistantDelta("x", 0, last);
        }

        last!.Text.Should().HaveLength(200_000);
    }

    [Fact]
    public void Equality_ComparesTheVisibleText_NotTheChainObjects()
    {
        new AssistantDelta(" b", 1, new AssistantDelta("a", 1)).Should().Be(new AssistantDelta(" b", 1, new AssistantDelta("a", 1)));
        new AssistantDelta(" b", 1, new AssistantDelta("a", 1)).Should().NotBe(new AssistantDelta(" b", 1, new AssistantDelta("z", 1)));
    }
}

using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public class OpenAiToolCallAccumulatorTests
{
    [Fact]
    public void Drain_FragmentsOutOfOrder_AreAssembledByIndex()
    {
        // Arrange
        var calls = new OpenAiToolCallAccumulator();
        calls.Add([new OpenAiToolCallDelta(1, "c2", "b", "{\"y\""), new OpenAiToolCallDelta(0, "c1", "a", "{")]);
        calls.Add([new OpenAiToolCallDelta(0, null, null, "}"), new OpenAiToolCallDelta(1, null, null, ":1}")]);

        // Act
        var drained = calls.Drain().Cast<FunctionCallContent>().ToList();

        // Assert
        drained.Select(c => (c.CallId, c.Name, ProviderToolCalls.RawArguments(c))).Should().Equal(("c1", "a", "{}"), ("c2", "b", "{\"y\":1}"));
        calls.HasCalls.Should().BeFalse();
    }

    [Fact]
    public void Add_ArgumentsBeyond16MiB_IsAMalformedStream()
    {
        // Arrange
        var calls = new OpenAiToolCallAccumulator();
        var piece = new string('x', 1024 * 1024);

        // Act
        var act = () =>
        {
            for (var i = 0; i < 17; i++)
            {
                calls.Add([new OpenAiToolCallDelta(0, "c", "f", piece)]);
            }
        };

        // Assert
        act.Should().Throw<ProviderException>().Which.Message.Should().Be("upstream provider sent a malformed response: a stream event is larger than 16 MiB");
    }
}

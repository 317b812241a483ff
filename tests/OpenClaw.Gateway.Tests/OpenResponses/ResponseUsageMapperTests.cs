using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenResponses;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>The usage vectors of http-api.md §6.10.</summary>
public sealed class ResponseUsageMapperTests
{
    [Fact]
    public void Aggregate_CountsCacheReadsAndWritesAsInput()
    {
        var usage = ResponseUsageMapper.Map(Result(new RunUsage(3, 5, 1, 2, 7, 4)));

        usage.Should().Be(new ResponseUsage(6, new InputTokensDetails(1, 2), 5, new OutputTokensDetails(4), 11));
    }

    [Fact]
    public void ZeroAggregate_FallsBackToTheLastCall()
    {
        var usage = ResponseUsageMapper.Map(Result(RunUsage.Zero, new RunUsage(4, 3, 2, 1, 9, 2)));

        usage.Should().Be(new ResponseUsage(7, new InputTokensDetails(2, 1), 3, new OutputTokensDetails(2), 10));
    }

    [Fact]
    public void NothingKnown_IsZeros_AndNegativeCountsAreZero()
    {
        ResponseUsageMapper.Map(Result(RunUsage.Zero)).Should().Be(ResponseUsage.Zero);
        ResponseUsageMapper.Map(Result(new RunUsage(-5, 2, 0, 0, 0))).Should().Be(new ResponseUsage(0, new InputTokensDetails(0, 0), 2, new OutputTokensDetails(0), 2));
    }

    private static AgentRunResult Result(RunUsage usage, RunUsage? last = null) =>
        new() { RunId = "r", AgentId = "main", SessionKey = "k", Usage = usage, LastCallUsage = last };
}

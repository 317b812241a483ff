using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class RunErrorMapperTests
{
    [Fact]
    public void Map_SessionConflict_Is409_WithItsCode_SoTheClientSendsTheMessageAgain()
    {
        // Act
        var failure = RunErrorMapper.Map(new RunError(RunErrorReasons.SessionConflict, "the session was changed by another writer; send the message again", 409));

        // Assert
        failure.Status.Should().Be(409);
        failure.Error.Code.Should().Be("session_conflict");
        failure.Error.Type.Should().Be("invalid_request_error");
        failure.Error.Message.Should().Contain("another writer");
    }

    [Fact]
    public void Map_QueueFull_Is503_WithRetryAfter()
    {
        // Act
        var failure = RunErrorMapper.Map(new RunError(RunErrorReasons.QueueFull, "busy", RetryAfter: TimeSpan.FromSeconds(2)));

        // Assert
        failure.Status.Should().Be(503);
        failure.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void StoreUnavailable_Is503WithRetryAfterOverHttp_AndARetryableUnavailableOverWebSocket()
    {
        // Act
        var http = RunErrorMapper.Map(RunError.StoreUnavailable);
        var (_, socket) = OpenClaw.Gateway.WebSockets.SocketRuns.Final(
            new AgentRunResult { RunId = "r", AgentId = "main", SessionKey = "agent:main:main", StopReason = "error", Error = RunError.StoreUnavailable });

        // Assert
        (http.Status, http.RetryAfter, http.Error.Type, http.Error.Code).Should().Be((503, TimeSpan.FromSeconds(2), "service_unavailable", "store_unavailable"));
        (socket!.Code, socket.Retryable, socket.RetryAfterMs).Should().Be(("UNAVAILABLE", true, 2000L));
    }
}

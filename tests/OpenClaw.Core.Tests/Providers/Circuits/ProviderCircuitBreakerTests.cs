using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Providers.Circuits;

namespace OpenClaw.Core.Tests.Providers.Circuits;

public sealed class ProviderCircuitBreakerTests
{
    private static readonly ProviderCircuitOptions Options = new() { FailureThreshold = 3, BreakDuration = TimeSpan.FromSeconds(30) };

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryEnter_AfterThresholdConsecutiveFailures_RefusesWithTheBreakAsRetryAfter()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);

        // Act
        Fail(breaker, 3);
        var permit = breaker.TryEnter(out var retryAfter);

        // Assert
        permit.Should().BeNull();
        retryAfter.Should().Be(TimeSpan.FromSeconds(30));
        breaker.Status().Should().Be(new ProviderCircuitStatus("p", ProviderCircuitStatus.Open, 3, TimeSpan.FromSeconds(30), "timeout"));
    }

    [Fact]
    public void TryEnter_FailuresBelowThreshold_StaysClosed()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);

        // Act
        Fail(breaker, 2);

        // Assert
        breaker.TryEnter(out _).Should().NotBeNull();
        breaker.Status().State.Should().Be(ProviderCircuitStatus.Closed);
    }

    [Fact]
    public void TryEnter_AHealthyCallBetweenFailures_ResetsTheCount()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);

        // Act
        Fail(breaker, 2);
        breaker.TryEnter(out _)!.Complete(CallVerdict.Healthy);
        Fail(breaker, 2);

        // Assert
        breaker.Status().Should().Be(new ProviderCircuitStatus("p", ProviderCircuitStatus.Closed, 2, null, "timeout"));
    }

    [Fact]
    public void TryEnter_NeutralCallsBetweenFailures_NeitherCountNorReset()
    {
        // Arrange: callers that cancel say nothing about the provider.
        var breaker = new ProviderCircuitBreaker("p", Options, _time);

        // Act
        Fail(breaker, 2);
        breaker.TryEnter(out _)!.Complete(CallVerdict.Neutral);
        Fail(breaker, 1);

        // Assert
        breaker.Status().State.Should().Be(ProviderCircuitStatus.Open);
    }

    [Fact]
    public void TryEnter_AfterTheBreak_LetsExactlyOneProbeThrough()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        Fail(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(30));

        // Act
        var probe = breaker.TryEnter(out _);
        var second = breaker.TryEnter(out var retryAfter);

        // Assert
        probe.Should().NotBeNull();
        probe!.IsProbe.Should().BeTrue();
        second.Should().BeNull();
        retryAfter.Should().Be(TimeSpan.FromSeconds(30));
        breaker.Status().State.Should().Be(ProviderCircuitStatus.HalfOpen);
    }

    [Fact]
    public void Complete_HealthyProbe_ClosesTheCircuit()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        var changes = new List<bool>();
        breaker.StateChanged += (_, opened) => changes.Add(opened);
        Fail(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(31));

        // Act
        breaker.TryEnter(out _)!.Complete(CallVerdict.Healthy);

        // Assert
        breaker.Status().Should().Be(new ProviderCircuitStatus("p", ProviderCircuitStatus.Closed, 0, null, "timeout"));
        breaker.TryEnter(out _).Should().NotBeNull();
        changes.Should().Equal(true, false);
    }

    [Fact]
    public void Complete_FailedProbe_OpensTheCircuitForAnotherBreak()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        Fail(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(30));

        // Act
        breaker.TryEnter(out _)!.Complete(CallVerdict.Failed, "server_error");
        _time.Advance(TimeSpan.FromSeconds(29));
        var beforeTheBreak = breaker.TryEnter(out var retryAfter);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterTheBreak = breaker.TryEnter(out _);

        // Assert
        beforeTheBreak.Should().BeNull();
        retryAfter.Should().Be(TimeSpan.FromSeconds(1));
        afterTheBreak.Should().NotBeNull();
        afterTheBreak!.IsProbe.Should().BeTrue();
        breaker.Status().LastFailure.Should().Be("server_error");
    }

    [Fact]
    public void Complete_CancelledProbe_HandsTheProbeToTheNextCall()
    {
        // Arrange: a probe whose caller gave up proves nothing; the circuit must not close on it.
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        Fail(breaker, 3);
        _time.Advance(TimeSpan.FromSeconds(30));

        // Act
        breaker.TryEnter(out _)!.Complete(CallVerdict.Neutral);
        var next = breaker.TryEnter(out _);

        // Assert
        next.Should().NotBeNull();
        next!.IsProbe.Should().BeTrue();
        breaker.Status().State.Should().Be(ProviderCircuitStatus.HalfOpen);
    }

    [Fact]
    public void Complete_CalledTwice_CountsOnce()
    {
        // Arrange
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        var permit = breaker.TryEnter(out _)!;

        // Act
        permit.Complete(CallVerdict.Failed, "timeout");
        permit.Complete(CallVerdict.Failed, "timeout");

        // Assert
        breaker.Status().ConsecutiveFailures.Should().Be(1);
    }

    [Fact]
    public void Complete_FailuresOfCallsAdmittedBeforeTheCircuitOpened_DoNotExtendTheBreak()
    {
        // Arrange: four calls in flight when a hung provider starts timing them out.
        var breaker = new ProviderCircuitBreaker("p", Options, _time);
        var permits = Enumerable.Range(0, 4).Select(_ => breaker.TryEnter(out TimeSpan _)!).ToList();

        // Act
        permits[0].Complete(CallVerdict.Failed, "timeout");
        permits[1].Complete(CallVerdict.Failed, "timeout");
        permits[2].Complete(CallVerdict.Failed, "timeout");
        _time.Advance(TimeSpan.FromSeconds(20));
        permits[3].Complete(CallVerdict.Failed, "timeout");
        _time.Advance(TimeSpan.FromSeconds(10));

        // Assert
        breaker.TryEnter(out _).Should().NotBeNull("the break started with the third failure");
    }

    private static void Fail(ProviderCircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.TryEnter(out _)!.Complete(CallVerdict.Failed, "timeout");
        }
    }
}

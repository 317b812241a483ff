using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Providers;

public class ProviderRetryPolicyTests
{
    private readonly ProviderRetryPolicy _policy = new();

    [Theory]
    [InlineData(ProviderFailureReason.Timeout)]
    [InlineData(ProviderFailureReason.RateLimit)]
    [InlineData(ProviderFailureReason.ServerError)]
    [InlineData(ProviderFailureReason.Overloaded)]
    [InlineData(ProviderFailureReason.MalformedResponse)]
    public void DelayBefore_RetryableReason_IsOneThenTwoSecondsThenNoMore(string reason)
    {
        var failure = new ProviderException(reason, "x");

        (_policy.DelayBefore(2, failure), _policy.DelayBefore(3, failure), _policy.DelayBefore(4, failure))
            .Should().Be((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), (TimeSpan?)null));
    }

    [Theory]
    [InlineData(ProviderFailureReason.Format)]
    [InlineData(ProviderFailureReason.Auth)]
    [InlineData(ProviderFailureReason.AuthPermanent)]
    [InlineData(ProviderFailureReason.Billing)]
    [InlineData(ProviderFailureReason.ModelNotFound)]
    [InlineData(ProviderFailureReason.CircuitOpen)]
    [InlineData("internal")]
    public void DelayBefore_NonRetryableReason_IsNull(string reason) =>
        _policy.DelayBefore(2, new ProviderException(reason, "x")).Should().BeNull();

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(7, 7.0)]
    [InlineData(30, 30.0)]
    public void DelayBefore_RetryAfterUpTo30Seconds_IsHonoured(int seconds, double expected) =>
        _policy.DelayBefore(2, new ProviderException(ProviderFailureReason.RateLimit, "x", 429, retryAfter: TimeSpan.FromSeconds(seconds)))
            .Should().Be(TimeSpan.FromSeconds(expected));

    [Fact]
    public void DelayBefore_RetryAfterBeyond30Seconds_MeansNoRetry() =>
        _policy.DelayBefore(2, new ProviderException(ProviderFailureReason.RateLimit, "x", 429, retryAfter: TimeSpan.FromSeconds(31))).Should().BeNull();

    [Theory]
    [InlineData(ProviderFailureReason.Format, true)]
    [InlineData("internal", true)]
    [InlineData(ProviderFailureReason.Auth, false)]
    [InlineData(ProviderFailureReason.Billing, false)]
    [InlineData(ProviderFailureReason.ModelNotFound, false)]
    [InlineData(ProviderFailureReason.ServerError, false)]
    public void IsFinal_OnlyFormatAndNonProviderFailuresSkipTheFallbacks(string reason, bool final) =>
        ProviderRetryPolicy.IsFinal(reason).Should().Be(final);

    [Fact]
    public void DelayBefore_Stall_IsNull_ButAnInterruptedConnectionIsRetried()
    {
        // Arrange
        var stall = ProviderException.NoResponseWithin(TimeSpan.FromSeconds(120));
        var reset = new ProviderException(ProviderFailureReason.Timeout, "upstream stream was interrupted");

        // Act / Assert
        (_policy.DelayBefore(2, stall), _policy.DelayBefore(2, reset)).Should().Be(((TimeSpan?)null, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(ProviderFailureReason.CircuitOpen, false)]
    [InlineData(ProviderFailureReason.Auth, false)]
    [InlineData(ProviderFailureReason.Format, true)]
    [InlineData("internal", true)]
    public void IsFinal_TellsWhetherAFallbackIsTried(string reason, bool final) =>
        ProviderRetryPolicy.IsFinal(reason).Should().Be(final);

    [Fact]
    public void SuggestedRetryAfter_IsThePauseBeforeOneMoreAttempt() =>
        _policy.SuggestedRetryAfter.Should().Be(TimeSpan.FromSeconds(4));
}

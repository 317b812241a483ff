namespace OpenClaw.Core.Providers.Circuits;

/// <summary>
/// The circuit of one provider. Closed: every call is made; <see cref="ProviderCircuitOptions.FailureThreshold"/>
/// consecutive failed permits (one per run and model) open it. Open: calls are refused at once (the run goes to its fallback model, or fails
/// with a 503 and <c>Retry-After</c>) for <see cref="ProviderCircuitOptions.BreakDuration"/>; then exactly one call is
/// let through as a probe (half-open) while the others are still refused. A healthy probe closes the circuit, a
/// failed one opens it again; a probe that says nothing (cancelled by its caller) hands the probe to the next call.
/// </summary>
/// <remarks>
/// Hand-written rather than Polly's circuit breaker: Polly counts every outcome it is not told to handle as a
/// success, so a call its caller cancelled would reset the failure count and a cancelled half-open probe would close
/// the circuit. Clients that give up on a hung provider before our deadline fires would then keep it closed forever.
/// </remarks>
public sealed class ProviderCircuitBreaker(string providerId, ProviderCircuitOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private bool _open;
    private bool _probing;
    private DateTimeOffset _openUntil;
    private string? _lastFailure;

    public string ProviderId { get; } = providerId;

    /// <summary>Raised (outside the lock) when the circuit opens or closes: <c>true</c> for opened.</summary>
    public event Action<ProviderCircuitBreaker, bool>? StateChanged;

    /// <summary>
    /// A permit for one call, or null when the circuit refuses it; <paramref name="retryAfter"/> then says how long
    /// until the next probe may go through.
    /// </summary>
    public Permit? TryEnter(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        lock (_lock)
        {
            if (!_open)
            {
                return new Permit(this, probe: false);
            }

            var now = time.GetUtcNow();
            if (!_probing && now >= _openUntil)
            {
                // Half-open: this call is the probe; the others wait a fresh break for its verdict.
                _probing = true;
                _openUntil = now + options.BreakDuration;
                return new Permit(this, probe: true);
            }

            retryAfter = _openUntil > now ? _openUntil - now : options.BreakDuration;
            return null;
        }
    }

    public ProviderCircuitStatus Status()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var state = !_open ? ProviderCircuitStatus.Closed : _probing ? ProviderCircuitStatus.HalfOpen : ProviderCircuitStatus.Open;
            TimeSpan? retryAfter = _open ? (_openUntil > now ? _openUntil - now : TimeSpan.Zero) : null;
            return new ProviderCircuitStatus(ProviderId, state, _failures, retryAfter, _lastFailure);
        }
    }

    private void Complete(bool probe, CallVerdict verdict, string? failureReason)
    {
        bool? changed = null;
        lock (_lock)
        {
            if (probe)
            {
                _probing = false;
            }

            switch (verdict)
            {
                case CallVerdict.Healthy:
                    _failures = 0;
                    if (_open && probe)
                    {
                        _open = false;
                        changed = false;
                    }

                    break;
                case CallVerdict.Failed:
                    _failures++;
                    _lastFailure = failureReason;
                    if ((!_open && _failures >= options.FailureThreshold) || (_open && probe))
                    {
                        changed = _open ? null : true;
                        _open = true;
                        _openUntil = time.GetUtcNow() + options.BreakDuration;
                    }

                    break;
                default:
                    if (probe)
                    {
                        // The probe told us nothing: the next call may probe at once.
                        _openUntil = time.GetUtcNow();
                    }

                    break;
            }
        }

        if (changed is { } opened)
        {
            StateChanged?.Invoke(this, opened);
        }
    }

    /// <summary>One admitted call; <see cref="Complete"/> records its verdict exactly once.</summary>
    public sealed class Permit
    {
        private readonly ProviderCircuitBreaker _breaker;
        private int _completed;

        internal Permit(ProviderCircuitBreaker breaker, bool probe)
        {
            _breaker = breaker;
            IsProbe = probe;
        }

        /// <summary>True for the one call let through an open circuit to test the provider.</summary>
        public bool IsProbe { get; }

        public void Complete(CallVerdict verdict, string? failureReason = null)
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0)
            {
                _breaker.Complete(IsProbe, verdict, failureReason);
            }
        }
    }
}

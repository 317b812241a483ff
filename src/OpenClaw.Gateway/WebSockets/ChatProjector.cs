using System.Collections.Concurrent;
using System.Text;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The <c>chat</c> projection of a run's events (gateway-protocol.md §5.2): deltas carry the text added since the
/// previous chat delta and the full text so far, at most one per throttle interval per run; a pending delta is flushed
/// before the terminal <c>final</c>, <c>aborted</c> or <c>error</c>.
/// </summary>
internal sealed class ChatProjector(Action<byte[], bool> emit, TimeSpan throttle, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RunChat> _runs = new(StringComparer.Ordinal);
    private readonly Action<byte[], bool> _emit = emit;
    private readonly TimeSpan _throttle = throttle;
    private readonly TimeProvider _time = time;

    /// <param name="e">The event.</param>
    /// <param name="anyListener">False when no socket is connected: a run not yet projected is then not projected at all.</param>
    public void OnEvent(AgentEvent e, bool anyListener)
    {
        switch (e.Data)
        {
            case AssistantDelta delta when anyListener || _runs.ContainsKey(e.RunId):
                _runs.GetOrAdd(e.RunId, _ => new RunChat(this, e)).Add(e, delta);
                break;
            case LifecycleEnded ended when anyListener || _runs.ContainsKey(e.RunId):
                Finish(e, ended.Aborted ? "aborted" : "final", ended.Aborted ? "aborted" : ended.StopReason, null);
                break;
            case LifecycleFailed failed when anyListener || _runs.ContainsKey(e.RunId):
                Finish(e, "error", null, failed.Error);
                break;
        }
    }

    /// <summary>Runs with chat state (for tests and diagnostics).</summary>
    public int ActiveRuns => _runs.Count;

    private void Finish(AgentEvent e, string state, string? stopReason, string? error)
    {
        var chat = _runs.TryRemove(e.RunId, out var existing) ? existing : new RunChat(this, e);
        chat.Finish(e, state, stopReason, error);
    }

    private static string? ErrorKind(string error) =>
        error.StartsWith("Agent run timed out", StringComparison.Ordinal) ? "timeout" : null;

    /// <summary>One run's chat text and throttle state; its events arrive in order, the flush timer concurrently.</summary>
    private sealed class RunChat(ChatProjector owner, AgentEvent first)
    {
        private readonly Lock _lock = new();
        private readonly StringBuilder _completed = new();
        private AssistantDelta? _current;
        private int _messageIndex = -1;
        private int _emittedLength;
        private long _lastEmit = long.MinValue;
        private long _pendingSeq;
        private long _pendingTs;
        private ITimer? _timer;
        private bool _done;

        /// <summary>Earlier messages of the run, then the current one; built only when a chat event is sent.</summary>
        private string FullText
        {
            get
            {
                var current = _current?.Text ?? "";
                return _completed.Length == 0 ? current : current.Length == 0 ? _completed.ToString() : _completed + "\n\n" + current;
            }
        }

        public void Add(AgentEvent e, AssistantDelta delta)
        {
            lock (_lock)
            {
                if (_done)
                {
                    return;
                }

                if (delta.MessageIndex != _messageIndex)
                {
                    if (_current?.Text is { Length: > 0 } finished)
                    {
                        _completed.Append(_completed.Length == 0 ? "" : "\n\n").Append(finished);
                    }

                    _messageIndex = delta.MessageIndex;
                }

                _current = delta;
                _pendingSeq = e.Seq;
                _pendingTs = e.Ts;
                var now = owner._time.GetTimestamp();
                var since = owner._time.GetElapsedTime(_lastEmit == long.MinValue ? 0 : _lastEmit, now);
                if (_lastEmit == long.MinValue || since >= owner._throttle)
                {
                    EmitDelta(now);
                }
                else
                {
                    _timer ??= owner._time.CreateTimer(_ => Flush(), null, owner._throttle - since, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void Finish(AgentEvent e, string state, string? stopReason, string? error)
        {
            lock (_lock)
            {
                if (_pendingSeq != 0)
                {
                    EmitDelta(owner._time.GetTimestamp());
                }

                _done = true;
                _timer?.Dispose();
                var text = FullText;
                owner._emit(ChatPayloads.Terminal(e, state, text, stopReason, error, error is null ? null : ErrorKind(error)), false);
            }
        }

        private void Flush()
        {
            lock (_lock)
            {
                _timer?.Dispose();
                _timer = null;
                if (!_done && _pendingSeq != 0)
                {
                    EmitDelta(owner._time.GetTimestamp());
                }
            }
        }

        private void EmitDelta(long now)
        {
            var text = FullText;
            var deltaText = text.Length >= _emittedLength ? text[_emittedLength..] : text;
            _emittedLength = text.Length;
            _lastEmit = now;
            var seq = _pendingSeq;
            _pendingSeq = 0;
            if (deltaText.Length > 0)
            {
                owner._emit(ChatPayloads.Delta(first, seq, _pendingTs, deltaText, text), true);
            }
        }
    }
}

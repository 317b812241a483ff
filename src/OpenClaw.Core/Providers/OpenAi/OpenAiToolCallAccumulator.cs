using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>
/// Assembles streamed <c>delta.tool_calls</c> fragments by <c>index</c>: the first fragment of a call brings its id
/// and name, later ones append argument text (§5.3). Completed calls are released once, when the choice finishes.
/// </summary>
internal sealed class OpenAiToolCallAccumulator
{
    /// <summary>All arguments of one answer together; beyond this the stream is treated as malformed.</summary>
    private const int MaxArgumentChars = 16 * 1024 * 1024;

    private readonly SortedDictionary<int, Builder> _calls = [];
    private long _argumentChars;

    public bool HasCalls => _calls.Count > 0;

    public void Add(IReadOnlyList<OpenAiToolCallDelta> deltas)
    {
        foreach (var delta in deltas)
        {
            if (!_calls.TryGetValue(delta.Index, out var call))
            {
                call = new Builder();
                _calls.Add(delta.Index, call);
            }

            if (!string.IsNullOrEmpty(delta.Id))
            {
                call.Id ??= delta.Id;
            }

            if (!string.IsNullOrEmpty(delta.Name))
            {
                call.Name ??= delta.Name;
            }

            _argumentChars += delta.Arguments?.Length ?? 0;
            if (_argumentChars > MaxArgumentChars || _calls.Count > 1024)
            {
                throw ProviderException.Malformed(ProviderMalformed.Oversized);
            }

            call.Arguments.Append(delta.Arguments);
        }
    }

    /// <summary>The assembled calls in index order; a call without an id gets a minted one.</summary>
    public List<AIContent> Drain()
    {
        var contents = new List<AIContent>(_calls.Count);
        foreach (var (_, call) in _calls)
        {
            contents.Add(ProviderToolCalls.Create(call.Id ?? ProviderToolCalls.NewCallId(), call.Name ?? "", call.Arguments.ToString()));
        }

        _calls.Clear();
        return contents;
    }

    private sealed class Builder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public System.Text.StringBuilder Arguments { get; } = new();
    }
}

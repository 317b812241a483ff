using System.Globalization;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Mints the ids of the entries a run appends to one transcript: 8 lowercase hex characters, the form of
/// agent-runtime.md §7.3 and of pi-coding-agent files, and never an id the transcript already holds.
/// </summary>
/// <remarks>
/// Random 32 bits alone collide (the birthday bound gives about 1 % by 10 000 entries), and a duplicate id sends replay
/// down the wrong <c>parentId</c>. So uniqueness is checked, not hoped for: the run has read the whole transcript
/// (every branch, and imported ids of any form) before it appends, its session lane lets no other run append to it
/// meanwhile, and every id it mints joins the set, so a draw already taken is drawn again. The loop ends because a
/// transcript holds far fewer than 2^32 ids; the expected number of draws stays about one.
/// </remarks>
internal sealed class TranscriptIds
{
    private readonly HashSet<string> _taken;
    private readonly Func<uint> _draw;

    public TranscriptIds(IEnumerable<TranscriptEntry> transcript)
        : this(transcript, static () => (uint)Random.Shared.NextInt64(1L << 32))
    {
    }

    /// <param name="transcript">Every stored entry of the transcript the ids are for.</param>
    /// <param name="draw">The random source (tests pass one that repeats itself).</param>
    public TranscriptIds(IEnumerable<TranscriptEntry> transcript, Func<uint> draw)
    {
        _taken = new HashSet<string>(transcript.Select(e => e.EntryId), StringComparer.Ordinal);
        _draw = draw;
    }

    public string Next()
    {
        string id;
        do
        {
            id = _draw().ToString("x8", CultureInfo.InvariantCulture);
        }
        while (!_taken.Add(id));

        return id;
    }
}

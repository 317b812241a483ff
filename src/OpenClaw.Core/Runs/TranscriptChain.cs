using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>The context a transcript's entries form: the <c>parentId</c> chain of its last entry (agent-runtime.md §7.3).</summary>
internal static class TranscriptChain
{
    /// <summary>
    /// The entries from the root to the last one along <c>parentId</c>. A transcript in which no entry names another
    /// as its parent (hand-made or pre-v3 rows) is one chain in <c>seq</c> order; a parent that names no stored entry
    /// (a lost non-durable write) links to the entry before it, so our own single-chain transcripts replay whole. An
    /// id held by several entries (minted twice before ids were checked for uniqueness) names the nearest entry
    /// before the child: entries are appended after their parent, so that is the one the child was written under,
    /// and the history is not cut short at the id's first holder.
    /// </summary>
    public static List<TranscriptEntry> Of(IReadOnlyList<TranscriptEntry> entries)
    {
        var firstById = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        Dictionary<string, List<int>>? shared = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var id = entries[i].EntryId;
            if (!firstById.TryAdd(id, i))
            {
                shared ??= new Dictionary<string, List<int>>(StringComparer.Ordinal);
                if (!shared.TryGetValue(id, out var holders))
                {
                    shared[id] = holders = [firstById[id]];
                }

                holders.Add(i);
            }
        }

        if (!entries.Any(e => e.ParentId is { } parent && firstById.ContainsKey(parent)))
        {
            return [.. entries];
        }

        var chain = new List<TranscriptEntry>();
        var visited = new HashSet<int>();
        for (var at = entries.Count - 1; at >= 0 && visited.Add(at);)
        {
            var entry = entries[at];
            chain.Add(entry);
            if (entry.ParentId is not { } parentId)
            {
                break;
            }

            at = !firstById.TryGetValue(parentId, out var first) ? at - 1
                : shared is not null && shared.TryGetValue(parentId, out var holders) ? NearestBefore(holders, at)
                : first;
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>The last of <paramref name="holders"/> (ascending) below <paramref name="at"/>, else the first.</summary>
    private static int NearestBefore(List<int> holders, int at)
    {
        var found = holders.BinarySearch(at);
        var below = (found >= 0 ? found : ~found) - 1;
        return below >= 0 ? holders[below] : holders[0];
    }
}

using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// The media of the active user message (http-api.md §6.5): the images for the run in part order, and one
/// <c>&lt;file&gt;</c> block per file in part order, for the extra system prompt (joined there with a blank line).
/// </summary>
internal sealed record ResponseMedia(IReadOnlyList<RunImage> Images, IReadOnlyList<string> FileBlocks);

namespace OpenClaw.Core.Runs;

internal static class CancellationSourceExtensions
{
    /// <summary>Cancels a run's source; false when the run already ended and disposed it between the lookup and the cancel.</summary>
    public static bool TryCancel(this CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}

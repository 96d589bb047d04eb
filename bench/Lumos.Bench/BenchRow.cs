namespace Lumos.Bench;

/// <summary>One measured method at one thread count.</summary>
/// <param name="Method">Registry name, or the name of an OpenCV peer.</param>
/// <param name="Peer">True for an OpenCV reference operation rather than a Lumos method.</param>
/// <param name="Threads">Threads allowed to both OpenCV and .NET.</param>
/// <param name="MedianMs">Median wall time of the timed runs.</param>
/// <param name="MegapixelsPerSecond">Image megapixels divided by the median time.</param>
/// <param name="PeakMiB">Peak RSS above the baseline before the method ran; null where unsupported.</param>
/// <param name="FirstMs">The first call: the warm-up run in the worker, or for Python peers the call in a fresh process.</param>
/// <param name="VersusBestPeer">Median time over the fastest peer's median for the same operation and thread count.</param>
/// <param name="VersusPython">Median time over the fastest Python peer's (Debian's OpenCV, or a numpy reference) for the same operation and thread count (issue 13's targets).</param>
internal sealed record BenchRow(string Method, bool Peer, int Threads, double MedianMs, double MegapixelsPerSecond, double? PeakMiB,
    double? FirstMs = null, double? VersusBestPeer = null, double? VersusPython = null);

/// <summary>What a worker process measured, sent to the parent as JSON.</summary>
internal sealed record WorkerReport(string Image, int Width, int Height, IReadOnlyList<BenchRow> Rows);

namespace Lumos.Processing;

/// <summary>
/// Progress within one image. A large image through a net or an upscaler can take minutes, so the loops that cut an
/// image into pieces — a net's tiles, the row bands of <see cref="Tiler.RunBands"/>, the steps of a
/// <see cref="Pipeline"/> — report how far they are, and whoever runs the image (<see cref="ProcessingJob"/>, a
/// server) listens with <see cref="Track"/>. Nested loops compose: a tile loop inside the second of four bands moves
/// the fraction from 0.25 to 0.5. The listener is ambient (it flows with the call, like a logging scope), so no
/// operation's signature carries it and an operation run with nobody listening pays nothing.
/// </summary>
public static class ImageProgress
{
    private sealed record Scope(Action<double> Listener, double Start, double Width);

    private static readonly AsyncLocal<Scope?> current = new();

    /// <summary>Calls <paramref name="listener"/> with the fraction done (0–1) of the image run on this flow until the scope is disposed.</summary>
    public static IDisposable Track(Action<double> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return Enter(new Scope(listener, 0, 1));
    }

    /// <summary>Opens part <paramref name="index"/> of <paramref name="count"/> equal parts: reports inside it fill that part's share.</summary>
    public static IDisposable Part(int index, int count)
    {
        if (current.Value is not { } outer || count <= 0) return Restore.Nothing;
        return Enter(outer with { Start = outer.Start + outer.Width * index / count, Width = outer.Width / count });
    }

    /// <summary>Runs <paramref name="work"/> as part <paramref name="index"/> of <paramref name="count"/> (see <see cref="Part"/>).</summary>
    public static T InPart<T>(int index, int count, Func<T> work)
    {
        using (Part(index, count)) return work();
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> equal pieces finished in the current part.</summary>
    public static void Report(int done, int total)
    {
        if (current.Value is { } scope && total > 0) scope.Listener(scope.Start + scope.Width * Math.Clamp((double)done / total, 0, 1));
    }

    private static Restore Enter(Scope scope)
    {
        var restore = new Restore(current.Value, true);
        current.Value = scope;
        return restore;
    }

    private sealed class Restore(Scope? previous, bool active) : IDisposable
    {
        public static readonly Restore Nothing = new(null, false);

        public void Dispose()
        {
            if (active) current.Value = previous;
        }
    }
}

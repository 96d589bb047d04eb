using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>
/// The water surface resampled once per frame on a world-space grid around the cameras (every node a batched,
/// displacement-inverted query), shared by all cameras of the frame; rays march it with bilinear heights.
/// </summary>
internal sealed class SurfaceMap
{
    private readonly float[] height, foam;
    private readonly Vector3[] normal;

    public SurfaceMap(IWaterSurface water, Vector2 centre, int size, float cell)
    {
        Size = size;
        Cell = cell;
        Origin = centre - new Vector2(size * cell / 2);
        height = new float[size * size];
        foam = new float[size * size];
        normal = new Vector3[size * size];
        Parallel.For(0, size, j =>
        {
            var points = new Vector2[size];
            var samples = new WaterSample[size];
            for (int i = 0; i < size; i++) points[i] = Origin + new Vector2(i * cell, j * cell);
            water.Sample(points, samples);
            for (int i = 0; i < size; i++)
            {
                height[j * size + i] = samples[i].Height;
                normal[j * size + i] = samples[i].Normal;
                foam[j * size + i] = samples[i].Foam;
            }
        });
        Min = height.Min();
        Max = height.Max();
        MaxSlope = Math.Min(3f, normal.Max(n => MathF.Sqrt(n.X * n.X + n.Z * n.Z) / MathF.Max(n.Y, 0.3f)));
    }

    /// <summary>Steepest |∇h| on the map (capped at 3): a ray f metres above the surface can advance f / (|d.y| + slope·|d.xz|) safely.</summary>
    public float MaxSlope { get; }

    public int Size { get; }

    public float Cell { get; }

    public Vector2 Origin { get; }

    public float Min { get; }

    public float Max { get; }

    public bool Contains(float x, float z)
    {
        float u = (x - Origin.X) / Cell, v = (z - Origin.Y) / Cell;
        return u >= 0 && v >= 0 && u < Size - 1 && v < Size - 1;
    }

    public float Height(float x, float z)
    {
        Locate(x, z, out int a, out float tx, out float tz);
        return Lerp(height, a, tx, tz);
    }

    public (Vector3 Normal, float Foam) Surface(float x, float z)
    {
        Locate(x, z, out int a, out float tx, out float tz);
        var n = Vector3.Lerp(Vector3.Lerp(normal[a], normal[a + 1], tx), Vector3.Lerp(normal[a + Size], normal[a + Size + 1], tx), tz);
        return (Vector3.Normalize(n), Lerp(foam, a, tx, tz));
    }

    /// <summary>−∇²h, the focusing of light below a convex crest (caustics), 1/m.</summary>
    public float Convexity(float x, float z)
    {
        if (!Contains(x - Cell, z - Cell) || !Contains(x + Cell, z + Cell)) return 0;
        float c = Height(x, z);
        return -(Height(x + Cell, z) + Height(x - Cell, z) + Height(x, z + Cell) + Height(x, z - Cell) - 4 * c) / (Cell * Cell);
    }

    private void Locate(float x, float z, out int at, out float tx, out float tz)
    {
        float u = Math.Clamp((x - Origin.X) / Cell, 0, Size - 1.001f), v = Math.Clamp((z - Origin.Y) / Cell, 0, Size - 1.001f);
        int i = (int)u, j = (int)v;
        tx = u - i;
        tz = v - j;
        at = j * Size + i;
    }

    private float Lerp(float[] g, int a, float tx, float tz) =>
        (g[a] * (1 - tx) + g[a + 1] * tx) * (1 - tz) + (g[a + Size] * (1 - tx) + g[a + Size + 1] * tx) * tz;
}

using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>Ray intersection with the drawable floating bodies (spheres and boxes) of one frame.</summary>
internal sealed class BodyHits(IReadOnlyList<FloatingBody> bodies)
{
    // Drawable bodies with their bounding radius; a ray that misses the bound skips the exact test.
    private readonly (FloatingBody Body, Quaternion Inverse, float Bound)[] shapes = bodies
        .Where(b => b.Shape is not null)
        .Select(b => (b, Quaternion.Inverse(b.Orientation), b.Shape!.HalfExtents.Length()))
        .ToArray();

    /// <summary>The distance along <paramref name="d"/> (unit) from <paramref name="o0"/> to the nearest body, +∞ when none is hit.</summary>
    public float Nearest(Vector3 o0, Vector3 d, out Vector3 normal)
    {
        float best = float.PositiveInfinity;
        normal = Vector3.UnitY;
        foreach (var (b, inverse, bound) in shapes)
        {
            var rel = o0 - b.Position;
            if (float.IsPositiveInfinity(HitSphere(rel, d, bound, out _)) && rel.LengthSquared() > bound * bound) continue;
            float t = b.Shape!.Kind == BodyShapeKind.Sphere
                ? HitSphere(rel, d, b.Shape.HalfExtents.X, out var n)
                : HitBox(rel, d, b, inverse, out n);
            if (t < best) { best = t; normal = n; }
        }
        return best;
    }

    private static float HitSphere(Vector3 o0, Vector3 d, float radius, out Vector3 normal)
    {
        normal = Vector3.UnitY;
        float b = Vector3.Dot(o0, d), c = o0.LengthSquared() - radius * radius, disc = b * b - c;
        if (disc < 0) return float.PositiveInfinity;
        float t = -b - MathF.Sqrt(disc);
        if (t < 0) return float.PositiveInfinity;
        normal = Vector3.Normalize(o0 + d * t);
        return t;
    }

    // Slab test in the box's own frame.
    private static float HitBox(Vector3 relative, Vector3 d, FloatingBody body, Quaternion inverse, out Vector3 normal)
    {
        normal = Vector3.UnitY;
        var lo = Vector3.Transform(relative, inverse);
        var ld = Vector3.Transform(d, inverse);
        var h = body.Shape!.HalfExtents;
        float tNear = float.NegativeInfinity, tFar = float.PositiveInfinity;
        int axis = 0;
        for (int a = 0; a < 3; a++)
        {
            float oa = a == 0 ? lo.X : a == 1 ? lo.Y : lo.Z, da = a == 0 ? ld.X : a == 1 ? ld.Y : ld.Z, ha = a == 0 ? h.X : a == 1 ? h.Y : h.Z;
            if (MathF.Abs(da) < 1e-9f)
            {
                if (MathF.Abs(oa) > ha) return float.PositiveInfinity;
                continue;
            }
            float t1 = (-ha - oa) / da, t2 = (ha - oa) / da;
            if (t1 > t2) (t1, t2) = (t2, t1);
            if (t1 > tNear) { tNear = t1; axis = a; }
            tFar = MathF.Min(tFar, t2);
        }
        if (tNear > tFar || tNear < 0) return float.PositiveInfinity;
        var local = axis == 0 ? Vector3.UnitX : axis == 1 ? Vector3.UnitY : Vector3.UnitZ;
        if (Vector3.Dot(local, ld) > 0) local = -local;
        normal = Vector3.Transform(local, body.Orientation);
        return tNear;
    }
}

using System.Numerics;

namespace Lumos.Ocean;

/// <summary>A sample volume of a body: a small upright column of <see cref="Volume"/> m³ and <see cref="Height"/> m at <see cref="Offset"/> in body space.</summary>
/// <param name="Offset">Centre of the column in body space, m.</param>
/// <param name="Volume">Volume the column displaces when fully under water, m³.</param>
/// <param name="Height">Height of the column; its submerged fraction ramps linearly over it, which keeps forces smooth.</param>
public readonly record struct Probe(Vector3 Offset, float Volume, float Height);

/// <summary>Probe sets for common shapes; a user mesh supplies its own probes.</summary>
public static class Probes
{
    /// <summary>A box of <paramref name="size"/> m split into n³ cells (exact displaced volume while upright).</summary>
    public static Probe[] Box(Vector3 size, int n = 4)
    {
        var cell = size / n;
        var probes = new List<Probe>();
        for (int z = 0; z < n; z++)
        for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            probes.Add(new Probe((new Vector3(x + 0.5f, y + 0.5f, z + 0.5f) * cell) - size / 2, cell.X * cell.Y * cell.Z, cell.Y));
        return probes.ToArray();
    }

    /// <summary>A sphere of <paramref name="radius"/> m from the cells of an n³ grid inside it, rescaled to the exact volume.</summary>
    public static Probe[] Sphere(float radius, int n = 8)
    {
        float cell = 2 * radius / n;
        var centres = new List<Vector3>();
        for (int z = 0; z < n; z++)
        for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
        {
            var c = (new Vector3(x + 0.5f, y + 0.5f, z + 0.5f) * cell) - new Vector3(radius);
            if (c.Length() <= radius) centres.Add(c);
        }
        float volume = 4f / 3 * MathF.PI * radius * radius * radius / centres.Count;
        return centres.Select(c => new Probe(c, volume, cell)).ToArray();
    }
}

/// <summary>Options of a <see cref="FloatingBody"/>.</summary>
public sealed record FloatingBodyOptions
{
    /// <summary>Water density, kg/m³.</summary>
    public float WaterDensity { get; init; } = 1025;

    /// <summary>Gravitational acceleration, m/s².</summary>
    public float Gravity { get; init; } = 9.81f;

    /// <summary>Linear drag per submerged volume, 1/s: force = −ρ·V·c·v_rel.</summary>
    public float LinearDrag { get; init; } = 1.5f;

    /// <summary>Quadratic drag per submerged volume, 1/m: force = −ρ·V·c·|v_rel|·v_rel.</summary>
    public float QuadraticDrag { get; init; } = 0.5f;

    /// <summary>Waves shorter than this are ignored when sampling (the body averages them out); 0 keeps all.</summary>
    public float MinWavelength { get; init; }
}

/// <summary>
/// A rigid body floating on an <see cref="IWaterSurface"/>: each probe gets the buoyancy ρ·g·V·f of its submerged
/// fraction f along the water normal (Archimedes, pressure integrated per column) and drag against the water's
/// velocity; semi-implicit Euler, stable at 60 Hz because the forces vary smoothly with depth.
/// </summary>
public sealed class FloatingBody
{
    private readonly Probe[] probes;
    private readonly Vector2[] points;
    private readonly Vector3[] world;
    private readonly WaterSample[] water;
    private readonly Vector3 inertia; // principal moments in body space, kg·m²

    /// <summary>A body of <paramref name="mass"/> kg with principal moments <paramref name="inertia"/> and the given probes.</summary>
    public FloatingBody(float mass, Vector3 inertia, IReadOnlyList<Probe> probes, FloatingBodyOptions? options = null)
    {
        if (!(mass > 0)) throw new ArgumentOutOfRangeException(nameof(mass), "mass must be positive");
        if (probes.Count == 0) throw new ArgumentException("a floating body needs probes", nameof(probes));
        Mass = mass;
        this.inertia = inertia;
        this.probes = probes.ToArray();
        points = new Vector2[this.probes.Length];
        world = new Vector3[this.probes.Length];
        water = new WaterSample[this.probes.Length];
        Options = options ?? new FloatingBodyOptions();
    }

    /// <summary>A solid box of <paramref name="size"/> m and <paramref name="density"/> kg/m³.</summary>
    public static FloatingBody Box(Vector3 size, float density, FloatingBodyOptions? options = null)
    {
        float m = density * size.X * size.Y * size.Z;
        var i = new Vector3(size.Y * size.Y + size.Z * size.Z, size.X * size.X + size.Z * size.Z, size.X * size.X + size.Y * size.Y) * (m / 12);
        return new FloatingBody(m, i, Probes.Box(size), options) { Shape = new BodyShape(BodyShapeKind.Box, size / 2) };
    }

    /// <summary>A solid sphere of <paramref name="radius"/> m and <paramref name="density"/> kg/m³.</summary>
    public static FloatingBody Sphere(float radius, float density, FloatingBodyOptions? options = null)
    {
        float m = density * 4f / 3 * MathF.PI * radius * radius * radius;
        return new FloatingBody(m, new Vector3(0.4f * m * radius * radius), Probes.Sphere(radius), options)
        {
            Shape = new BodyShape(BodyShapeKind.Sphere, new Vector3(radius)),
        };
    }

    /// <summary>Options.</summary>
    public FloatingBodyOptions Options { get; }

    /// <summary>Mass, kg.</summary>
    public float Mass { get; }

    /// <summary>What renderers draw (probes alone carry no shape).</summary>
    public BodyShape? Shape { get; init; }

    /// <summary>Centre of mass, m.</summary>
    public Vector3 Position { get; set; }

    /// <summary>Orientation.</summary>
    public Quaternion Orientation { get; set; } = Quaternion.Identity;

    /// <summary>Velocity of the centre of mass, m/s.</summary>
    public Vector3 Velocity { get; set; }

    /// <summary>Angular velocity in world space, rad/s.</summary>
    public Vector3 AngularVelocity { get; set; }

    /// <summary>Displaced volume at the last step, m³.</summary>
    public float SubmergedVolume { get; private set; }

    /// <summary>Advances the body by <paramref name="dt"/> seconds on <paramref name="surface"/>.</summary>
    public void Step(IWaterSurface surface, float dt)
    {
        for (int i = 0; i < probes.Length; i++)
        {
            world[i] = Position + Vector3.Transform(probes[i].Offset, Orientation);
            points[i] = new Vector2(world[i].X, world[i].Z);
        }
        surface.Sample(points, water, Options.MinWavelength);
        float rho = Options.WaterDensity;
        var force = new Vector3(0, -Options.Gravity * Mass, 0);
        var torque = Vector3.Zero;
        float submerged = 0;
        for (int i = 0; i < probes.Length; i++)
        {
            var p = probes[i];
            float fraction = Math.Clamp((water[i].Height - world[i].Y) / p.Height + 0.5f, 0, 1);
            if (fraction <= 0) continue;
            float volume = p.Volume * fraction;
            submerged += volume;
            var arm = world[i] - Position;
            var relative = Velocity + Vector3.Cross(AngularVelocity, arm) - water[i].Velocity;
            var f = water[i].Normal * (rho * Options.Gravity * volume)
                - rho * volume * (Options.LinearDrag + Options.QuadraticDrag * relative.Length()) * relative;
            force += f;
            torque += Vector3.Cross(arm, f);
        }
        SubmergedVolume = submerged;
        Velocity += force / Mass * dt;
        Position += Velocity * dt;
        // ω̇ = I_w⁻¹ τ with I_w = R·I·Rᵀ, applied in body space (gyroscopic term neglected: bodies here turn slowly).
        var inverse = Quaternion.Inverse(Orientation);
        var local = Vector3.Transform(torque, inverse) / inertia;
        AngularVelocity += Vector3.Transform(local, Orientation) * dt;
        var spin = new Quaternion(AngularVelocity * (0.5f * dt), 0);
        Orientation = Quaternion.Normalize(Orientation + spin * Orientation);
    }
}

/// <summary>Kinds of drawable body shapes.</summary>
public enum BodyShapeKind
{
    /// <summary>An oriented box.</summary>
    Box,

    /// <summary>A sphere.</summary>
    Sphere,
}

/// <summary>A drawable shape: a box with half extents, or a sphere with radius <see cref="HalfExtents"/>.X.</summary>
/// <param name="Kind">Box or sphere.</param>
/// <param name="HalfExtents">Half extents of the box, m; X is the sphere's radius.</param>
public sealed record BodyShape(BodyShapeKind Kind, Vector3 HalfExtents);

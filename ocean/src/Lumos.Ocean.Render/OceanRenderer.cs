using System.Numerics;
using OpenCvSharp;

namespace Lumos.Ocean.Render;

/// <summary>
/// A CPU ray caster for an <see cref="IWaterSurface"/> and floating bodies: any number of cameras per frame from one
/// surface state. Per pixel: march the shared height map, then Schlick-Fresnel mix of the sky's reflection and the
/// refracted sea floor (Beer–Lambert absorption, caustics from surface convexity), crest scattering, foam, and sun
/// shadows of the bodies on water and floor.
/// </summary>
public sealed class OceanRenderer
{
    private const float WaterIor = 1.333f;
    private const int SrgbTable = 4096;
    private readonly RenderOptions options;
    private readonly Sky sky;
    private readonly byte[] srgb = Enumerable.Range(0, SrgbTable).Select(i =>
    {
        double v = i / (double)(SrgbTable - 1);
        v = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.Pow(v, 1 / 2.4) - 0.055;
        return (byte)Math.Clamp((int)(v * 255 + 0.5), 0, 255);
    }).ToArray();

    /// <summary>A renderer with the given options.</summary>
    public OceanRenderer(RenderOptions? options = null)
    {
        this.options = options ?? new RenderOptions();
        sky = new Sky(this.options.Sun);
    }

    /// <summary>Renders every camera from one state of <paramref name="water"/> and <paramref name="bodies"/>; images are CV_8UC3 BGR.</summary>
    public Mat[] Render(IWaterSurface water, IReadOnlyList<FloatingBody> bodies, IReadOnlyList<Camera> cameras)
    {
        if (cameras.Count == 0) throw new ArgumentException("no cameras to render");
        var centre = cameras.Aggregate(Vector3.Zero, (s, c) => s + c.Position) / cameras.Count;
        // Snap the grid to whole cells so the same world point lands on the same nodes for every camera and frame.
        var snapped = new Vector2(MathF.Round(centre.X / options.MapCell), MathF.Round(centre.Z / options.MapCell)) * options.MapCell;
        var map = new SurfaceMap(water, snapped, options.MapSize, options.MapCell);
        var scene = new Frame(this, water, map, bodies);
        return cameras.Select(scene.Draw).ToArray();
    }

    /// <summary>Left and right eye side by side in one image (the usual stereo video layout).</summary>
    public Mat RenderStereo(IWaterSurface water, IReadOnlyList<FloatingBody> bodies, Camera head, float ipd)
    {
        var (left, right) = head.Stereo(ipd);
        var eyes = Render(water, bodies, new[] { left, right });
        var frame = new Mat();
        Cv2.HConcat(eyes, frame);
        foreach (var e in eyes) e.Dispose();
        return frame;
    }

    private sealed class Frame(OceanRenderer renderer, IWaterSurface water, SurfaceMap map, IReadOnlyList<FloatingBody> bodies)
    {
        private readonly RenderOptions o = renderer.options;
        private readonly Sky sky = renderer.sky;
        private readonly BodyHits bodyHits = new(bodies);

        public Mat Draw(Camera camera)
        {
            var image = new Mat(camera.Height, camera.Width, MatType.CV_8UC3);
            var pixels = new byte[camera.Width * camera.Height * 3];
            Parallel.For(0, camera.Height, y =>
            {
                for (int x = 0; x < camera.Width; x++)
                {
                    var c = ToneMap(Trace(camera.Position, camera.Ray(x, y), 1 / camera.Focal));
                    int at = (y * camera.Width + x) * 3;
                    pixels[at] = c.B;
                    pixels[at + 1] = c.G;
                    pixels[at + 2] = c.R;
                }
            });
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, image.Data, pixels.Length);
            return image;
        }

        private Vector3 Trace(Vector3 origin, Vector3 dir, float pixelAngle)
        {
            float tBody = bodyHits.Nearest(origin, dir, out var bodyNormal);
            float tWater = HitWater(origin, dir, out bool inMap);
            if (tBody < tWater) return ShadeBody(origin + dir * tBody, bodyNormal);
            if (float.IsPositiveInfinity(tWater)) return sky.Radiance(dir);
            var p = origin + dir * tWater;
            Vector3 normal;
            float foam;
            if (inMap) (normal, foam) = map.Surface(p.X, p.Z);
            else
            {
                // Beyond the map: the plane y = 0 shaded with filtered normals (waves shorter than ~4 pixel footprints dropped).
                Span<WaterSample> sample = stackalloc WaterSample[1];
                Span<Vector2> point = stackalloc Vector2[1];
                point[0] = new Vector2(p.X, p.Z);
                water.Sample(point, sample, minWavelength: 4 * tWater * pixelAngle);
                normal = sample[0].Normal;
                foam = sample[0].Foam;
            }
            return ShadeWater(p, dir, normal, foam, inMap);
        }

        private float HitWater(Vector3 o0, Vector3 d, out bool inMap)
        {
            inMap = false;
            float top = map.Max + 0.01f, bottom = map.Min - 0.01f;
            if (d.Y >= 0 && o0.Y > top) return float.PositiveInfinity;
            float t0 = o0.Y > top ? (top - o0.Y) / d.Y : 0;
            float t1 = d.Y < 0 ? (bottom - o0.Y) / d.Y : float.PositiveInfinity;
            float horizontal = MathF.Sqrt(d.X * d.X + d.Z * d.Z);
            float step = 0.7f * map.Cell / MathF.Max(horizontal, 1e-3f);
            float previousT = t0, previousF = float.NaN;
            for (float t = t0; t <= t1 + step; t += step)
            {
                float tt = MathF.Min(t, t1);
                var p = o0 + d * tt;
                if (!map.Contains(p.X, p.Z))
                {
                    if (tt > t0 || !map.Contains(o0.X, o0.Z)) break;
                    return float.PositiveInfinity;
                }
                if (d.Y >= 0 && p.Y > top) return float.PositiveInfinity; // climbing above every crest
                float f = p.Y - map.Height(p.X, p.Z);
                if (f <= 0)
                {
                    inMap = true;
                    if (float.IsNaN(previousF)) return tt;
                    float a = previousT, b = tt; // bisection between the last point above and the first below
                    for (int i = 0; i < 10; i++)
                    {
                        float m = 0.5f * (a + b);
                        var q = o0 + d * m;
                        if (q.Y - map.Height(q.X, q.Z) > 0) a = m; else b = m;
                    }
                    return 0.5f * (a + b);
                }
                previousT = tt;
                previousF = f;
                if (tt >= t1) break;
                t += MathF.Max(0, f / (MathF.Abs(d.Y) + map.MaxSlope * horizontal) - step); // Lipschitz bound: no crest can be skipped
            }
            return d.Y < 0 ? -o0.Y / d.Y : float.PositiveInfinity; // far field: the mean plane
        }

        private Vector3 ShadeWater(Vector3 p, Vector3 d, Vector3 n, float foam, bool inMap)
        {
            var view = -d;
            if (Vector3.Dot(n, view) < 0.02f) n = Vector3.Normalize(n + view * (0.02f - Vector3.Dot(n, view))); // back-facing slope
            float cos = Math.Clamp(Vector3.Dot(n, view), 0, 1);
            float m = 1 - cos, m2 = m * m, fresnel = 0.02f + 0.98f * m2 * m2 * m; // Schlick, F0 of water
            bool lit = !Shadowed(p);
            var r = Vector3.Reflect(d, n);
            if (r.Y < 0.01f) r = Vector3.Normalize(new Vector3(r.X, 0.01f, r.Z));
            var reflected = sky.Radiance(r, lit);
            var refracted = Refracted(p, d, n, inMap);
            // Crest subsurface scattering: thin crests facing away from the sun glow green-blue (after Crest/Atlas).
            float back = MathF.Max(0, Vector3.Dot(view, -sky.Sun) * 0.5f + 0.5f), crest = MathF.Max(0, p.Y - 0.3f) * back * back * back;
            var scatter = o.CrestScatter * (crest * (lit ? 1 : 0.3f) * (1 - fresnel));
            var colour = fresnel * reflected + (1 - fresnel) * refracted + scatter;
            float diffuse = MathF.Max(0, Vector3.Dot(n, sky.Sun)) * (lit ? 1 : 0);
            var foamColour = new Vector3(0.9f) * (0.5f * diffuse + 0.5f) + sky.Ambient * 0.3f;
            return Vector3.Lerp(colour, foamColour, Math.Clamp(foam, 0, 1));
        }

        private Vector3 Refracted(Vector3 p, Vector3 d, Vector3 n, bool inMap)
        {
            var t = Refract(d, n, 1 / WaterIor);
            if (t.Y > -1e-3f) t = Vector3.Normalize(new Vector3(t.X, -1e-3f, t.Z));
            float floorY = -o.FloorDepth, length = (floorY - p.Y) / t.Y;
            var q = p + t * length;
            var down = Refract(-sky.Sun, Vector3.UnitY, 1 / WaterIor);
            float sunPath = (p.Y - floorY) / MathF.Max(-down.Y, 0.1f);
            // Caustics: light focuses below convex crests; strength grows with the depth of the floor below them.
            float caustic = inMap ? Math.Clamp(1 + 0.6f * o.FloorDepth * map.Convexity(q.X, q.Z), 0.3f, 3f) : 1;
            float floorLit = Shadowed(q, -down) ? 0 : MathF.Max(0, -down.Y);
            var light = sky.SunColor * (floorLit * caustic) * Transmit(sunPath) + sky.Ambient * 0.4f;
            var floor = o.Floor * light * Transmit(length);
            var inScatter = o.Scatter * (Vector3.One - Transmit(length));
            return floor + inScatter;
        }

        private Vector3 Transmit(float metres) => new(MathF.Exp(-o.Absorption.X * metres), MathF.Exp(-o.Absorption.Y * metres), MathF.Exp(-o.Absorption.Z * metres));

        private Vector3 ShadeBody(Vector3 p, Vector3 n)
        {
            float diffuse = Shadowed(p + n * 1e-3f) ? 0 : MathF.Max(0, Vector3.Dot(n, sky.Sun));
            var colour = o.Body * (sky.SunColor * diffuse + sky.Ambient);
            float below = map.Contains(p.X, p.Z) ? map.Height(p.X, p.Z) - p.Y : -p.Y;
            return below > 0 ? colour * Transmit(below) + o.Scatter * (Vector3.One - Transmit(below)) : colour;
        }

        private bool Shadowed(Vector3 p) => Shadowed(p, sky.Sun);

        private bool Shadowed(Vector3 p, Vector3 toLight) => !float.IsPositiveInfinity(bodyHits.Nearest(p + toLight * 1e-3f, toLight, out _));

        private static Vector3 Refract(Vector3 d, Vector3 n, float eta)
        {
            float cosi = -Vector3.Dot(n, d), k = 1 - eta * eta * (1 - cosi * cosi);
            return k < 0 ? Vector3.Reflect(d, n) : Vector3.Normalize(eta * d + (eta * cosi - MathF.Sqrt(k)) * n);
        }

        // Exposure and Reinhard, then the sRGB curve from a table.
        private (byte R, byte G, byte B) ToneMap(Vector3 c)
        {
            byte Channel(float v)
            {
                v = MathF.Max(v, 0) * 1.3f;
                return renderer.srgb[(int)(v / (1 + v) * (SrgbTable - 1) + 0.5f)];
            }
            return (Channel(c.X), Channel(c.Y), Channel(c.Z));
        }
    }
}

using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>A pinhole camera (Y up): position, viewing direction, vertical field of view and image size.</summary>
public sealed record Camera
{
    /// <summary>A camera at <paramref name="position"/> looking along <paramref name="forward"/>.</summary>
    public Camera(Vector3 position, Vector3 forward, int width, int height, float fovY = 60)
    {
        if (width < 1 || height < 1) throw new ArgumentException($"image size {width}x{height} is empty");
        Position = position;
        Forward = Vector3.Normalize(forward);
        Width = width;
        Height = height;
        FovY = fovY;
    }

    /// <summary>Eye position, m.</summary>
    public Vector3 Position { get; init; }

    /// <summary>Unit viewing direction.</summary>
    public Vector3 Forward { get; }

    /// <summary>Image width, px.</summary>
    public int Width { get; }

    /// <summary>Image height, px.</summary>
    public int Height { get; }

    /// <summary>Vertical field of view, degrees.</summary>
    public float FovY { get; }

    /// <summary>Unit vector to the image's right.</summary>
    public Vector3 Right => Vector3.Normalize(Vector3.Cross(Forward, Vector3.UnitY));

    /// <summary>Focal length in pixels.</summary>
    public float Focal => Height / 2f / MathF.Tan(FovY * MathF.PI / 360);

    /// <summary>Unit direction of the ray through the centre of pixel (x, y).</summary>
    public Vector3 Ray(int x, int y)
    {
        var right = Right;
        var up = Vector3.Cross(right, Forward);
        float f = Focal, u = (x + 0.5f - Width / 2f) / f, v = -(y + 0.5f - Height / 2f) / f;
        return Vector3.Normalize(Forward + u * right + v * up);
    }

    /// <summary>The left and right eyes of a stereo rig centred here, <paramref name="ipd"/> m apart (interpupillary distance).</summary>
    public (Camera Left, Camera Right) Stereo(float ipd = 0.064f)
    {
        var offset = Right * (ipd / 2);
        return (this with { Position = Position - offset }, this with { Position = Position + offset });
    }
}

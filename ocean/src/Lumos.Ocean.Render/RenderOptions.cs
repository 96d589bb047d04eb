using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>Options of the <see cref="OceanRenderer"/>.</summary>
public sealed record RenderOptions
{
    /// <summary>Sun direction (toward the sun).</summary>
    public Vector3 Sun { get; init; } = Vector3.Normalize(new Vector3(0.3f, 0.45f, -1));

    /// <summary>Depth of the flat sea floor, m.</summary>
    public float FloorDepth { get; init; } = 9;

    /// <summary>Side of the per-frame surface grid, nodes.</summary>
    public int MapSize { get; init; } = 512;

    /// <summary>Spacing of the per-frame surface grid, m.</summary>
    public float MapCell { get; init; } = 0.4f;

    /// <summary>Absorption of sea water per metre, linear RGB (red goes first).</summary>
    public Vector3 Absorption { get; init; } = new(0.45f, 0.09f, 0.065f);

    /// <summary>Colour light scattered inside the water takes, linear RGB.</summary>
    public Vector3 Scatter { get; init; } = new(0.01f, 0.07f, 0.09f);

    /// <summary>Colour of crest subsurface scattering, linear RGB.</summary>
    public Vector3 CrestScatter { get; init; } = new(0.05f, 0.35f, 0.3f);

    /// <summary>Albedo of the sand floor, linear RGB.</summary>
    public Vector3 Floor { get; init; } = new(0.75f, 0.65f, 0.45f);

    /// <summary>Albedo of floating bodies, linear RGB.</summary>
    public Vector3 Body { get; init; } = new(0.8f, 0.12f, 0.05f);
}

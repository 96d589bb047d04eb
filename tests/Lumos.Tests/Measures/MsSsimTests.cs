using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class MsSsimTests
{
    private static MsSsim Create(MeasureChannel channel = MeasureChannel.Y) => new(new MsSsimOptions { Channel = channel });

    [Theory]
    [InlineData(MeasureChannel.Y, "ms-ssim-y")]
    [InlineData(MeasureChannel.Rgb, "ms-ssim-rgb")]
    public void Ms_ssim_matches_the_numpy_msssim_m_reference(MeasureChannel channel, string key)
    {
        // 200×200: the fifth scale is 13×13, reached through one odd (25 → 13) halving.
        var (image, reference) = MeasureImages.FullReferencePair("colour");
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue("colour", key), Create(channel).Measure(image, reference), 1e-4);
    }

    [Fact]
    public void Ms_ssim_of_identical_images_is_one()
    {
        using var image = TestData.DarkColour(181, 177);
        Assert.Equal(1.0, Create().Measure(image, image), 12);
    }

    [Fact]
    public void Ms_ssim_decreases_as_noise_grows()
    {
        using var clean = TestData.DarkColour(200, 180);
        var values = new[] { 2.0, 6, 20 }.Select(sigma =>
        {
            using var noisy = MeasureImages.WithNoise(clean, sigma);
            return Create().Measure(noisy, clean);
        }).ToArray();
        Assert.True(values[0] < 1 && values[0] > values[1] && values[1] > values[2], string.Join(", ", values));
    }

    [Fact]
    public void Ms_ssim_rejects_images_too_small_for_five_scales()
    {
        using var image = TestData.DarkColour(300, 175);
        var error = Assert.Throws<LumosException>(() => Create().Measure(image, image));
        Assert.Equal("ms-ssim needs at least 176×176 pixels (an 11-pixel window at 1/16 size), got 300×175", error.Message);
    }
}

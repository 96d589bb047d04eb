using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lumos.Tests.Web;

/// <summary>POST /api/measure: the core's measures on an upload, and against a reference.</summary>
public sealed class MeasureApiTests
{
    [Fact]
    public async Task An_image_alone_gets_brightness_contrast_and_NIQE()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var sample = await File.ReadAllBytesAsync(Path.Combine(TestData.Samples, "dark-coffee.png"));
        using var response = await client.PostAsync("/api/measure", Web.Form(sample, "dark-coffee.png"));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var values = Values(report);
        Assert.Equal("dark-coffee.png", report.GetProperty("name").GetString());
        Assert.InRange(values["brightness"]!.Value, 0.0, 0.3);
        Assert.True(values["rms-contrast"] > 0);
        Assert.True(values["niqe"] > 0);
        Assert.DoesNotContain("psnr", values.Keys);
    }

    [Fact]
    public async Task With_a_reference_PSNR_and_SSIM_compare_them()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var image = Web.DarkPng();
        var form = Web.Form(image, "a.png", ("measures", "psnr,ssim"));
        form.Add(new ByteArrayContent(image), "reference", "b.png");
        var values = Values(await (await client.PostAsync("/api/measure", form)).Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(double.PositiveInfinity, values["psnr"]);
        Assert.Equal(1.0, values["ssim"]!.Value, 6);
    }

    [Fact]
    public async Task A_reference_of_another_size_or_a_reference_measure_without_one_is_400()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var form = Web.Form(Web.DarkPng());
        form.Add(new ByteArrayContent(Web.DarkPng(48, 32)), "reference", "small.png");
        using var mismatched = await client.PostAsync("/api/measure", form);
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        using var missing = await client.PostAsync("/api/measure", Web.Form(Web.DarkPng(), "a.png", ("measures", "ssim")));
        Assert.Equal("ssim compares with a reference image, and none was given", await Web.Error(missing));
    }

    private static Dictionary<string, double?> Values(JsonElement report) => report.GetProperty("measures").EnumerateArray().ToDictionary(
        m => m.GetProperty("name").GetString()!,
        m => m.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null
            : m.GetProperty("value").ValueKind == JsonValueKind.String ? double.Parse(m.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : m.GetProperty("value").GetDouble());
}

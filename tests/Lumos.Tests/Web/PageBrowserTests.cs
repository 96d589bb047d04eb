using Microsoft.Playwright;

namespace Lumos.Tests.Web;

/// <summary>
/// The page in a real browser (Debian's chromium driven by Playwright; nothing is downloaded) against a real server:
/// upload a sample, pick a method from the generated form, wait for the result, move the slider by keyboard and
/// by value, and check that the result shown is brighter than the input shown; and a video, shown beside its result
/// with the browser's own controls. Skipped, visibly, where
/// /usr/bin/chromium is absent (.ci/install-deps installs it).
/// </summary>
public sealed class PageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task A_dark_photo_enhanced_on_the_page_shows_a_brighter_result_behind_a_working_slider()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (.ci/install-deps installs it)");
        await using var server = await RealServer.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var (page, problems) = await Open(browser, new() { ViewportSize = new() { Width = 1200, Height = 900 } });

        await page.GotoAsync(server.Address.ToString());
        await page.Locator("#files").SetInputFilesAsync(Path.Combine(TestData.Samples, "dark-coffee.png"));
        await page.GetByLabel("Low-light method").CheckAsync();
        await page.GetByLabel("Name").SelectOptionAsync("lime");
        var gamma = Lumos.Methods.EnhancementMethods.Registry.Get("lime").Parameters.Single(p => p.Name == "gamma");
        await Assertions.Expect(page.GetByLabel("gamma", new() { Exact = true })).ToHaveAttributeAsync("max", Lumos.Registry.OptionsBinder.Format(gamma.Max));
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        var card = page.Locator("article.card[data-state=done]");
        await card.WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#download-all")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/api/results\\.zip\\?ids=[0-9a-f]{32}$"));
        var slider = page.GetByLabel("Before and after: move to compare");
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("Home");
        Assert.Equal("0%", await Split(page));
        await slider.FillAsync("30");
        Assert.Equal("30%", await Split(page));

        var before = await MeanShown(page, "img.before");
        var after = await MeanShown(page, "img.after");
        Assert.True(after > before + 20, $"the result shown (mean {after:0.0}) should be brighter than the input (mean {before:0.0})");
        await Assertions.Expect(card.Locator("table.measures td.num").First).Not.ToHaveTextAsync("", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = ScreenshotPath(), FullPage = true });

        await page.SetViewportSizeAsync(390, 844); // a phone: nothing wider than the screen
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task A_dark_video_on_the_page_fills_its_progress_bar_then_shows_both_videos_with_controls_and_a_download()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (.ci/install-deps installs it)");
        Skip.IfNot(Video.VideoClips.OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        using var folder = new TempFolder();
        var clip = folder.File("clip.mp4");
        Video.VideoClips.Ffmpeg("-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-vf", "scale=320:180", "-r", "24", "-t", "1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip);
        await using var server = await RealServer.Start();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var (page, problems) = await Open(browser, new());

        await page.GotoAsync(server.Address.ToString());
        await page.Locator("#files").SetInputFilesAsync(clip);
        await page.GetByLabel("Low-light method").CheckAsync();
        await page.GetByLabel("Name").SelectOptionAsync("gamma");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        var card = page.Locator("article.card[data-state=done]");
        await card.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal(1.0, await card.Locator("progress").EvaluateAsync<double>("p => p.value"));
        var videos = card.Locator("video[controls]");
        await Assertions.Expect(videos).ToHaveCountAsync(2);
        await Assertions.Expect(videos.Nth(1)).ToHaveAttributeAsync("aria-label", "clip.mp4, after");
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "Download the result" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/result$"));
        Assert.Empty(problems);
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Args = ["--no-sandbox"] });

    /// <summary>A new page, and the list its script errors and console errors are collected in (a test expects it empty).</summary>
    private static async Task<(IPage Page, List<string> Problems)> Open(IBrowser browser, BrowserNewPageOptions options)
    {
        var page = await browser.NewPageAsync(options);
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        return (page, problems);
    }

    private static Task<string> Split(IPage page) =>
        page.EvaluateAsync<string>("() => document.querySelector('.compare').style.getPropertyValue('--split')");

    /// <summary>The mean of the pixels an image element shows, read back through a canvas.</summary>
    private static Task<double> MeanShown(IPage page, string selector) => page.EvaluateAsync<double>(@"selector => {
        const image = document.querySelector(selector);
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
        return sum / (data.length / 4 * 3);
    }", selector);

    /// <summary>docs/web-page.png (the README's) when LUMOS_UPDATE_SCREENSHOT=1, else beside the tests, so a run leaves the tree clean.</summary>
    private static string ScreenshotPath() => Environment.GetEnvironmentVariable("LUMOS_UPDATE_SCREENSHOT") == "1"
        ? Path.Combine(TestData.RepositoryRoot, "docs", "web-page.png")
        : Path.Combine(AppContext.BaseDirectory, "web-page.png");
}

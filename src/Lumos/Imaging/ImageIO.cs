using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Options for <see cref="ImageIO.Read(string, ReadOptions?)"/>.</summary>
public sealed record ReadOptions
{
    /// <summary>Largest image accepted, in pixels (width × height), checked from the header before decoding.</summary>
    public long MaxPixels { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Smallest accepted width and height. 1 by default: every method and upscaler takes a one-pixel strip (OpenCV's
    /// filters replicate the border; nets pad a tile below their own minimum side and crop the output back).
    /// </summary>
    public int MinSide { get; init; } = 1;

    /// <summary>
    /// Return a grey+alpha PNG as two channels (grey, alpha) instead of the BGRA OpenCV makes of it. The processing job
    /// asks for it, so that such an image is enhanced as grey (as the same image without alpha would be) and written back
    /// as grey + alpha; other readers (measures, evaluation) keep 1, 3 or 4 channels.
    /// </summary>
    public bool KeepGreyAlpha { get; init; }
}

/// <summary>Options for <see cref="ImageIO.Write"/>.</summary>
public sealed record WriteOptions
{
    /// <summary>JPEG quality 1–100 (higher is better and larger).</summary>
    public int JpegQuality { get; init; } = 95;

    /// <summary>WebP quality 1–100; above 100 writes lossless WebP.</summary>
    public int WebPQuality { get; init; } = 101;

    /// <summary>Replace an existing file. Without it an existing output is an error.</summary>
    public bool Overwrite { get; init; }

    /// <summary>The inputs the write must never replace (<see cref="OutputGuard.None"/> when the caller read none).</summary>
    public OutputGuard Guard { get; init; } = OutputGuard.None;
}

/// <summary>
/// Reads and writes images with OpenCV's codecs. Images are OpenCV <see cref="Mat"/>s in BGR(A) order,
/// 8-bit or 16-bit, with 1, 3 or 4 channels, exactly as stored (JPEG EXIF orientation applied), or 2 (grey, alpha)
/// for a grey+alpha PNG read with <see cref="ReadOptions.KeepGreyAlpha"/>. PNG is written by Lumos's own
/// <see cref="PngEncoder"/> (OpenCV cannot write grey+alpha, and writes on one thread), the other formats by OpenCV.
/// </summary>
public static class ImageIO
{
    /// <summary>Reads an image file, checking its header and structure first.</summary>
    /// <exception cref="LumosException">Missing, unreadable, not an image, truncated, too large or too small.</exception>
    public static Mat Read(string path, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        if (Directory.Exists(path)) throw new LumosException($"{path}: is a folder, expected an image file");
        if (!File.Exists(path)) throw new LumosException($"{path}: file not found");
        ImageFormats.FromPath(path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LumosException($"{path}: cannot read ({e.Message.Split('\n')[0]})", e);
        }
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes an encoded image held in memory; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="LumosException">Not an image, truncated, too large or too small.</exception>
    public static Mat Decode(byte[] bytes, string name, ReadOptions? options = null)
    {
        options ??= new ReadOptions();
        var header = Inspect(bytes, name, options);
        // IMREAD_UNCHANGED keeps alpha and 16 bits but skips EXIF orientation; JPEG has neither alpha
        // nor (here) 16 bits, so it is read with ANYCOLOR|ANYDEPTH, which applies the orientation.
        var mode = header.Format == ImageFormat.Jpeg ? ImreadModes.AnyColor | ImreadModes.AnyDepth : ImreadModes.Unchanged;
        Mat image;
        try
        {
            using (NativeStderr.Mute()) image = Cv2.ImDecode(bytes, mode);
        }
        catch (OpenCVException e) { throw new LumosException($"{name}: corrupt {header.Format} ({e.ErrMsg})", e); }
        if (image.Empty())
        {
            image.Dispose();
            throw new LumosException($"{name}: corrupt {header.Format} (the decoder could not read it)");
        }
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
        {
            using var original = image;
            image = ToSixteenBit(original);
        }
        if (options.KeepGreyAlpha && header.GreyAlpha && image.Channels() == 4)
        {
            using var bgra = image;
            image = new Mat(bgra.Size(), MatType.MakeType(bgra.Depth(), 2));
            Cv2.MixChannels([bgra], [image], [0, 0, 3, 1]); // B (= G = R) and alpha
        }
        return image;
    }

    /// <summary>
    /// Checks an encoded image without decoding it: its content is sniffed from the magic bytes (never the name), its
    /// structure walked, and its declared size held to <paramref name="options"/>, so a header bomb is refused here.
    /// </summary>
    /// <param name="bytes">The whole encoded file.</param>
    /// <param name="name">Names the image in error messages.</param>
    /// <param name="options">Size limits.</param>
    /// <returns>The real format and the declared size.</returns>
    /// <exception cref="LumosException">Not an image, truncated, too large or too small.</exception>
    public static ImageHeader Inspect(ReadOnlySpan<byte> bytes, string name, ReadOptions options)
    {
        var header = ImageHeader.Parse(bytes, name);
        long pixels = (long)header.Width * header.Height;
        if (pixels > options.MaxPixels)
            throw new LumosException($"{name}: image is {header.Width}×{header.Height} ({Megapixels(pixels)} MP), above the {Megapixels(options.MaxPixels)} MP limit");
        if (header.Width < options.MinSide || header.Height < options.MinSide)
            throw new LumosException($"{name}: image is {header.Width}×{header.Height}, smaller than the {options.MinSide}×{options.MinSide} minimum");
        return header;
    }

    /// <summary>
    /// Writes an image atomically in the format its extension names. 16-bit data stays 16-bit in PNG and
    /// TIFF and is rounded to 8 bits for the others; alpha is dropped only by JPEG.
    /// </summary>
    /// <exception cref="LumosException">Unsupported extension, existing output without overwrite, or an I/O error.</exception>
    public static void Write(Mat image, string path, WriteOptions? options = null)
    {
        options ??= new WriteOptions();
        var format = ImageFormats.FromPath(path);
        if (format == ImageFormat.Png)
        {
            if (image.Channels() is < 1 or > 4 || image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
                throw new LumosException($"{path}: cannot encode {image.Type()} as PNG (expected 8 or 16 bits, 1 to 4 channels)");
            // Lumos's own encoder: every layout (OpenCV's cannot write grey+alpha), streamed, on all cores.
            options.Guard.Write(path, temp =>
            {
                using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                PngEncoder.Write(image, stream);
                stream.Flush(flushToDisk: true);
            }, options.Overwrite);
            return;
        }
        using var prepared = PrepareFor(image, format);
        var parameters = format switch
        {
            ImageFormat.Jpeg => new[] { new ImageEncodingParam(ImwriteFlags.JpegQuality, Math.Clamp(options.JpegQuality, 1, 100)) },
            ImageFormat.WebP => new[] { new ImageEncodingParam(ImwriteFlags.WebPQuality, Math.Clamp(options.WebPQuality, 1, 101)) },
            _ => Array.Empty<ImageEncodingParam>(),
        };
        // Encoded straight into the temporary file: a 192-megapixel PNG never sits in memory twice.
        options.Guard.Write(path, temp =>
        {
            bool written;
            try
            {
                using (NativeStderr.Mute()) written = Cv2.ImWrite(temp, prepared, parameters);
            }
            catch (OpenCVException e) { throw new LumosException($"{path}: cannot encode as {format} ({e.ErrMsg})", e); }
            if (written && File.Exists(temp)) return;
            // The native encoder says only that it failed; writing its bytes through .NET tells why (the errno of
            // a full disk, say), and succeeds if the failure was passing.
            Cv2.ImEncode(Path.GetExtension(path), prepared, out var bytes, parameters);
            if (bytes.Length == 0) throw new IOException($"the {format} encoder wrote nothing");
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }, options.Overwrite);
    }

    /// <summary>Megapixels to one decimal, or to the first significant digits below one (a 0.001 MP limit is not "0 MP").</summary>
    private static string Megapixels(long pixels)
    {
        double mp = pixels / 1e6;
        return mp.ToString(mp >= 1 ? "0.#" : "0.######", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Mat PrepareFor(Mat image, ImageFormat format)
    {
        var result = image;
        if (image.Depth() == MatType.CV_16U && !ImageFormats.Supports16Bit(format))
        {
            result = new Mat();
            image.ConvertTo(result, MatType.CV_8U, 255.0 / 65535.0);
        }
        if (result.Channels() == 2)
        {
            // Grey + alpha outside PNG: BGRA where the format keeps alpha, else the grey alone.
            bool alpha = ImageFormats.SupportsAlpha(format);
            var expanded = new Mat(result.Size(), MatType.MakeType(result.Depth(), alpha ? 4 : 1));
            Cv2.MixChannels([result], [expanded], alpha ? [0, 0, 0, 1, 0, 2, 1, 3] : [0, 0]);
            if (!ReferenceEquals(result, image)) result.Dispose();
            result = expanded;
        }
        if (result.Channels() == 4 && !ImageFormats.SupportsAlpha(format))
        {
            var noAlpha = new Mat();
            Cv2.CvtColor(result, noAlpha, ColorConversionCodes.BGRA2BGR);
            if (!ReferenceEquals(result, image)) result.Dispose();
            result = noAlpha;
        }
        return ReferenceEquals(result, image) ? image.Clone() : result;
    }

    private static Mat ToSixteenBit(Mat image)
    {
        // Float or 32-bit TIFFs: scale to 16 bits so every method sees one of two depths.
        double scale = image.Depth() is MatType.CV_32F or MatType.CV_64F ? 65535.0 : 1.0;
        if (image.Depth() is MatType.CV_8S) scale = 257.0;
        var result = new Mat();
        image.ConvertTo(result, MatType.CV_16U, scale);
        return result;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Lumos.Imaging;

/// <summary>
/// What an image file's first bytes say: its real format and its size. Read before decoding so that a
/// text file named .png, a truncated download or a header claiming 60000×60000 is refused with a clear
/// reason instead of reaching the decoder.
/// </summary>
/// <param name="Format">The format the content is in (which may differ from the extension).</param>
/// <param name="Width">Width in pixels from the header.</param>
/// <param name="Height">Height in pixels from the header.</param>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height)
{
    /// <summary>
    /// A PNG of grey samples with alpha (colour type 4), which OpenCV decodes as BGRA: the file's own layout, so that
    /// <see cref="ImageIO"/> can hand it on as grey + alpha.
    /// </summary>
    public bool GreyAlpha { get; init; }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private const byte PngGreyAlphaType = 4; // IHDR colour type (PNG spec 11.2.2), at byte 25 of the file
    private static ReadOnlySpan<byte> JpegEndOfImage => [0xFF, 0xD9];

    /// <summary>Reads and checks the header and overall structure of an encoded image.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="name">The file name used in error messages.</param>
    /// <exception cref="LumosException">The content is empty, not an image, or truncated.</exception>
    public static ImageHeader Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0) throw new LumosException($"{name}: empty file (0 bytes)");
        if (bytes.StartsWith(PngSignature)) return ParsePng(bytes, name);
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return ParseJpeg(bytes, name);
        if (bytes.StartsWith("BM"u8)) return ParseBmp(bytes, name);
        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8)) return ParseTiff(bytes, name);
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return ParseWebP(bytes, name);
        throw new LumosException($"{name}: not an image ({Describe(bytes)})");
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 512)];
        int printable = 0;
        foreach (var b in sample) if (b is 9 or 10 or 13 || (b >= 32 && b < 127)) printable++;
        return printable == sample.Length ? "content is text" : "unrecognised content";
    }

    private static LumosException Truncated(string name, string format, long have, long need) =>
        new($"{name}: truncated {format} (read {have} of {need} bytes)");

    private static ImageHeader ParsePng(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length < 33) throw Truncated(name, "PNG", b.Length, 33);
        int width = BinaryPrimitives.ReadInt32BigEndian(b[16..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
        // Walk the chunk list: every chunk must fit in the file and IEND must be reached.
        long pos = 8;
        while (pos + 8 <= b.Length)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(b[(int)pos..]);
            var type = b.Slice((int)pos + 4, 4);
            long end = pos + 12 + length;
            if (end > b.Length) throw Truncated(name, "PNG", b.Length, end);
            if (type.SequenceEqual("IEND"u8)) return new ImageHeader(ImageFormat.Png, width, height) { GreyAlpha = b[12..16].SequenceEqual("IHDR"u8) && b[25] == PngGreyAlphaType };
            pos = end;
        }
        throw new LumosException($"{name}: truncated PNG (read {b.Length} bytes, no IEND chunk)");
    }

    private static ImageHeader ParseJpeg(ReadOnlySpan<byte> b, string name)
    {
        int pos = 2, width = -1, height = -1;
        bool huffman = true;
        while (pos + 4 <= b.Length)
        {
            if (b[pos] != 0xFF) throw new LumosException($"{name}: corrupt JPEG (bad marker at byte {pos})");
            byte marker = b[pos + 1];
            if (marker == 0xFF) { pos++; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(pos + 2)..]);
            if (pos + 2 + length > b.Length) throw Truncated(name, "JPEG", b.Length, pos + 2 + length);
            bool isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame && length >= 7)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(b[(pos + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(b[(pos + 7)..]);
                huffman = marker is < 0xC9; // C9–CB and CD–CF are arithmetic-coded
            }
            if (marker == 0xDA)
            {
                // Entropy-coded data follows; it cannot contain FF D9 (FF is byte-stuffed), so a
                // complete file has an end-of-image marker after this point.
                if (width < 0) throw new LumosException($"{name}: corrupt JPEG (no frame header before scan)");
                if (b[(pos + 2 + length)..].IndexOf(JpegEndOfImage) < 0)
                    throw new LumosException($"{name}: truncated JPEG (read {b.Length} bytes, no end-of-image marker)");
                // Huffman coding spends at least one bit on every 8×8 luma block's DC term, so fewer bytes than blocks / 8
                // cannot hold the declared size: a header that lies (libjpeg would fill the rest with grey and only warn).
                long blocks = (long)((width + 7) / 8) * ((height + 7) / 8);
                if (huffman && (b.Length - pos) * 8L < blocks)
                    throw new LumosException($"{name}: corrupt JPEG ({b.Length} bytes cannot hold the {width}×{height} pixels its header declares)");
                return new ImageHeader(ImageFormat.Jpeg, width, height);
            }
            pos += 2 + length;
        }
        throw new LumosException($"{name}: truncated JPEG (read {b.Length} bytes, no image data)");
    }

    private static ImageHeader ParseBmp(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length < 26) throw Truncated(name, "BMP", b.Length, 26);
        long declared = BinaryPrimitives.ReadUInt32LittleEndian(b[2..]);
        int width = BinaryPrimitives.ReadInt32LittleEndian(b[18..]);
        int height = BinaryPrimitives.ReadInt32LittleEndian(b[22..]);
        if (declared > b.Length) throw Truncated(name, "BMP", b.Length, declared);
        // A negative height means rows stored top-down; int.MinValue has no magnitude (found by the fuzzer).
        if (width <= 0 || height is 0 or int.MinValue) throw new LumosException($"{name}: corrupt BMP (header says {width}×{height})");
        return new ImageHeader(ImageFormat.Bmp, width, Math.Abs(height));
    }

    private static ImageHeader ParseTiff(ReadOnlySpan<byte> b, string name)
    {
        bool little = b[0] == (byte)'I';
        if (b.Length < 8) throw Truncated(name, "TIFF", b.Length, 8);
        long ifd = U32(b, 4, little);
        if (ifd + 2 > b.Length) throw Truncated(name, "TIFF", b.Length, ifd + 2);
        int count = U16(b, (int)ifd, little);
        if (ifd + 2 + 12L * count > b.Length) throw Truncated(name, "TIFF", b.Length, ifd + 2 + 12L * count);
        int width = -1, height = -1;
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + 12 * i;
            int tag = U16(b, entry, little), type = U16(b, entry + 2, little);
            int value = type == 3 ? U16(b, entry + 8, little) : (int)Math.Min(U32(b, entry + 8, little), int.MaxValue);
            if (tag == 256) width = value;
            if (tag == 257) height = value;
        }
        if (width < 0 || height < 0) throw new LumosException($"{name}: corrupt TIFF (no image size in first directory)");
        return new ImageHeader(ImageFormat.Tiff, width, height);
    }

    private static uint U32(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b[at..]) : BinaryPrimitives.ReadUInt16BigEndian(b[at..]);

    private static ImageHeader ParseWebP(ReadOnlySpan<byte> b, string name)
    {
        long declared = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) + 8L;
        if (declared > b.Length) throw Truncated(name, "WebP", b.Length, declared);
        if (b.Length < 30) throw Truncated(name, "WebP", b.Length, 30);
        var chunk = Encoding.ASCII.GetString(b.Slice(12, 4));
        int lossless = BinaryPrimitives.ReadInt32LittleEndian(b[21..]);
        return chunk switch
        {
            "VP8X" => new ImageHeader(ImageFormat.WebP, 1 + (b[24] | b[25] << 8 | b[26] << 16), 1 + (b[27] | b[28] << 8 | b[29] << 16)),
            "VP8L" => new ImageHeader(ImageFormat.WebP, 1 + (lossless & 0x3FFF), 1 + ((lossless >> 14) & 0x3FFF)),
            "VP8 " => new ImageHeader(ImageFormat.WebP,
                BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF),
            _ => throw new LumosException($"{name}: corrupt WebP (unknown chunk '{chunk}')"),
        };
    }
}

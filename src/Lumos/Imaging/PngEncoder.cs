using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Writes PNG files (ISO/IEC 15948) of every layout Lumos holds: grey, grey+alpha, colour, colour+alpha, 8 or 16 bits.
/// OpenCV's encoder (libpng and zlib on one thread) cannot write grey+alpha, and on a fast method it was most of the
/// time per file (1.3 s for a 12 MP photo). Here each row is filtered with the adaptive heuristic of the spec (12.8:
/// the filter of 9.2 whose bytes, as signed, sum to the least absolute value), and the rows are deflated (zlib level 3)
/// in bands of about <see cref="BandBytes"/> on all cores. Every band but the last ends on a sync flush, so the bands
/// concatenate into one zlib stream (as pigz does), whose Adler-32 is combined from the bands'. Bands are cut by the
/// image's size alone, so the bytes are the same on every machine; one wave of bands per core is in memory at a time.
/// </summary>
internal static class PngEncoder
{
    /// <summary>Raw bytes (filtered rows) per band: large enough that sync flushes cost nothing measurable.</summary>
    private const int BandBytes = 4 << 20;

    private const int ZlibLevel = 3; // as OpenCV's PNG default; zlib-ng's level 3 is also smaller than libpng's
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> ZlibHeader => [0x78, 0x5E]; // deflate, 32 KiB window, FLEVEL 1 (levels 2–5); RFC 1950
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Encodes <paramref name="image"/> (8 or 16-bit; 1 grey, 2 grey+alpha, 3 BGR or 4 BGRA channels) into <paramref name="stream"/>.</summary>
    public static void Write(Mat image, Stream stream)
    {
        int channels = image.Channels();
        if (channels is < 1 or > 4 || image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new ArgumentException($"expected an 8 or 16-bit image of 1 to 4 channels, got {image.Type()}", nameof(image));
        bool sixteen = image.Depth() == MatType.CV_16U;
        int width = image.Width, height = image.Height, rowBytes = width * channels * (sixteen ? 2 : 1);

        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)(sixteen ? 16 : 8);
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 }; // colour type (11.2.2); compression, filter, interlace 0
        WriteChunk(stream, "IHDR"u8, header);

        int rowsPerBand = Math.Max(1, BandBytes / (rowBytes + 1));
        int bands = (height + rowsPerBand - 1) / rowsPerBand;
        using (var idat = new IdatStream(stream))
        {
            idat.Write(ZlibHeader);
            uint adler = 1;
            for (int first = 0; first < bands; first += Environment.ProcessorCount)
            {
                var wave = new Band[Math.Min(Environment.ProcessorCount, bands - first)];
                Parallel.For(0, wave.Length, i =>
                {
                    int band = first + i;
                    wave[i] = Deflate(image, band * rowsPerBand, Math.Min(height, (band + 1) * rowsPerBand), rowBytes, channels, sixteen, last: band == bands - 1);
                });
                foreach (var band in wave)
                {
                    idat.Write(band.Bytes.GetBuffer().AsSpan(0, (int)band.Bytes.Length));
                    adler = CombineAdler(adler, band.Adler, band.RawLength);
                }
            }
            Span<byte> trailer = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(trailer, adler);
            idat.Write(trailer);
        }
        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>One band's deflated rows (a raw deflate segment), the Adler-32 of its filtered bytes and their count.</summary>
    private readonly record struct Band(MemoryStream Bytes, uint Adler, long RawLength);

    private static Band Deflate(Mat image, int top, int bottom, int rowBytes, int channels, bool sixteen, bool last)
    {
        var output = new MemoryStream();
        var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = ZlibLevel }, leaveOpen: true);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        if (top > 0) ReadRow(image, top - 1, previous, channels, sixteen); // the filters look one row up, across bands too
        var candidates = new byte[5][];
        for (int f = 0; f < candidates.Length; f++) candidates[f] = new byte[rowBytes + 1];
        uint sum1 = 1, sum2 = 0;
        for (int y = top; y < bottom; y++)
        {
            ReadRow(image, y, current, channels, sixteen);
            var filtered = Filtered(current, previous, channels * (sixteen ? 2 : 1), candidates);
            deflate.Write(filtered);
            (sum1, sum2) = Adler(sum1, sum2, filtered);
            (previous, current) = (current, previous);
        }
        if (last) deflate.Dispose(); // the final block
        else
        {
            deflate.Flush(); // a sync flush: the segment ends on a byte boundary with no final block
            long length = output.Length;
            deflate.Dispose();
            output.SetLength(length); // drop the final block that closing wrote
        }
        return new Band(output, (sum2 << 16) | sum1, (long)(bottom - top) * (rowBytes + 1));
    }

    /// <summary>Row <paramref name="y"/> in PNG's sample order: RGB(A) rather than BGR(A), 16-bit samples big-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimised at the first call of a one-image process
    private static void ReadRow(Mat image, int y, byte[] row, int channels, bool sixteen)
    {
        Marshal.Copy(image.Ptr(y), row, 0, row.Length);
        if (sixteen)
        {
            var samples = MemoryMarshal.Cast<byte, ushort>(row.AsSpan());
            if (channels >= 3)
                for (int i = 0; i < samples.Length; i += channels) (samples[i], samples[i + 2]) = (samples[i + 2], samples[i]);
            BinaryPrimitives.ReverseEndianness(samples, samples);
        }
        else if (channels >= 3)
            for (int i = 0; i < row.Length; i += channels) (row[i], row[i + 2]) = (row[i + 2], row[i]);
    }

    /// <summary>The row under the filter (9.2) whose bytes, read as signed, sum to the least absolute value (12.8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimised at the first call of a one-image process
    private static byte[] Filtered(byte[] row, byte[] above, int bpp, byte[][] candidates)
    {
        var (none, sub, up, average, paeth) = (candidates[0], candidates[1], candidates[2], candidates[3], candidates[4]);
        (none[0], sub[0], up[0], average[0], paeth[0]) = (0, 1, 2, 3, 4);
        long sumNone = 0, sumSub = 0, sumUp = 0, sumAverage = 0, sumPaeth = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int x = row[i], a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
            byte vNone = (byte)x, vSub = (byte)(x - a), vUp = (byte)(x - b), vAverage = (byte)(x - ((a + b) >> 1)), vPaeth = (byte)(x - Paeth(a, b, c));
            (none[i + 1], sub[i + 1], up[i + 1], average[i + 1], paeth[i + 1]) = (vNone, vSub, vUp, vAverage, vPaeth);
            sumNone += Math.Abs((int)(sbyte)vNone);
            sumSub += Math.Abs((int)(sbyte)vSub);
            sumUp += Math.Abs((int)(sbyte)vUp);
            sumAverage += Math.Abs((int)(sbyte)vAverage);
            sumPaeth += Math.Abs((int)(sbyte)vPaeth);
        }
        var (best, bestSum) = (none, sumNone);
        if (sumSub < bestSum) (best, bestSum) = (sub, sumSub);
        if (sumUp < bestSum) (best, bestSum) = (up, sumUp);
        if (sumAverage < bestSum) (best, bestSum) = (average, sumAverage);
        if (sumPaeth < bestSum) best = paeth;
        return best;
    }

    /// <summary>The Paeth predictor (9.4): whichever of left, above and upper-left is nearest to left + above − upper-left.</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private const uint AdlerBase = 65521;

    /// <summary>Continues Adler-32 (RFC 1950 8.2) over <paramref name="bytes"/>, reducing every 5552 bytes as zlib does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimised at the first call of a one-image process
    private static (uint Sum1, uint Sum2) Adler(uint sum1, uint sum2, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, 5552); // the most bytes before sum2 can overflow 32 bits
            foreach (byte b in bytes[..n])
            {
                sum1 += b;
                sum2 += sum1;
            }
            sum1 %= AdlerBase;
            sum2 %= AdlerBase;
            bytes = bytes[n..];
        }
        return (sum1, sum2);
    }

    /// <summary>
    /// The Adler-32 of two byte runs one after the other from each one's own: with A = 1 + Σ bytes and B = Σ A over the
    /// bytes, A = A₁ + A₂ − 1 and B = B₁ + B₂ + n₂ (A₁ − 1), modulo 65521.
    /// </summary>
    internal static uint CombineAdler(uint first, uint second, long secondLength)
    {
        ulong a1 = first & 0xFFFF, b1 = first >> 16, a2 = second & 0xFFFF, b2 = second >> 16;
        ulong a = (a1 + a2 + AdlerBase - 1) % AdlerBase;
        ulong b = (b1 + b2 + (ulong)(secondLength % AdlerBase) * ((a1 + AdlerBase - 1) % AdlerBase)) % AdlerBase;
        return (uint)((b << 16) | a);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu);
        stream.Write(word);
    }

    /// <summary>Continues the chunk CRC (the CRC-32 of ISO 3309, Annex D) over <paramref name="bytes"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>Cuts the zlib stream into IDAT chunks of up to 1 MiB (the last one on dispose).</summary>
    private sealed class IdatStream(Stream target) : Stream
    {
        private readonly byte[] buffer = new byte[1 << 20];
        private int filled;

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                int n = Math.Min(bytes.Length, buffer.Length - filled);
                bytes[..n].CopyTo(buffer.AsSpan(filled));
                filled += n;
                bytes = bytes[n..];
                if (filled == buffer.Length) Emit();
            }
        }

        public override void Write(byte[] bytes, int offset, int count) => Write(bytes.AsSpan(offset, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing && filled > 0) Emit();
            base.Dispose(disposing);
        }

        private void Emit()
        {
            WriteChunk(target, "IDAT"u8, buffer.AsSpan(0, filled));
            filled = 0;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

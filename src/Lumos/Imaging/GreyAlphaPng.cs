using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Writes a two-channel image (grey, alpha) as a PNG of colour type 4, which OpenCV's encoder cannot do (it writes 1, 3
/// or 4 channels). Follows the PNG specification (ISO/IEC 15948): IHDR, the rows filtered with the adaptive heuristic of
/// section 12.8 (per row, the filter whose output has the least sum of absolute values) and zlib-compressed into IDAT
/// chunks as they come, so the image is never held twice, then IEND; 8 or 16 bits, samples big-endian.
/// </summary>
internal static class GreyAlphaPng
{
    private const byte ColourType = 4; // grey with alpha (11.2.2)
    private const int ChunkBytes = 1 << 16;
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Encodes <paramref name="image"/> (8 or 16-bit, two channels) into <paramref name="stream"/>.</summary>
    public static void Write(Mat image, Stream stream)
    {
        if (image.Channels() != 2 || image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new ArgumentException($"expected an 8 or 16-bit grey+alpha image, got {image.Type()}", nameof(image));
        bool sixteen = image.Depth() == MatType.CV_16U;
        int pixelBytes = sixteen ? 4 : 2; // the filters' distance to the left neighbour
        int rowBytes = image.Width * pixelBytes;

        stream.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = (byte)(sixteen ? 16 : 8);
        header[9] = ColourType; // compression, filter method and interlace stay 0
        WriteChunk(stream, "IHDR"u8, header);

        using (var chunks = new IdatStream(stream))
        using (var zlib = new ZLibStream(chunks, CompressionLevel.Optimal, leaveOpen: true))
        {
            var previous = new byte[rowBytes];
            var current = new byte[rowBytes];
            var candidates = new byte[5][];
            for (int f = 0; f < candidates.Length; f++) candidates[f] = new byte[rowBytes + 1];
            for (int y = 0, height = image.Height; y < height; y++)
            {
                Marshal.Copy(image.Ptr(y), current, 0, rowBytes);
                if (sixteen)
                {
                    var samples = MemoryMarshal.Cast<byte, ushort>(current.AsSpan());
                    BinaryPrimitives.ReverseEndianness(samples, samples);
                }
                zlib.Write(Filtered(current, previous, pixelBytes, candidates));
                (previous, current) = (current, previous);
            }
        }
        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>The row under the filter (9.2) whose bytes, read as signed, sum to the least absolute value (12.8).</summary>
    private static byte[] Filtered(byte[] row, byte[] above, int bpp, byte[][] candidates)
    {
        byte[]? best = null;
        long bestSum = long.MaxValue;
        for (int filter = 0; filter < candidates.Length; filter++)
        {
            var output = candidates[filter];
            output[0] = (byte)filter;
            long sum = 0;
            for (int i = 0; i < row.Length; i++)
            {
                int a = i >= bpp ? row[i - bpp] : 0, b = above[i], c = i >= bpp ? above[i - bpp] : 0;
                int predicted = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) };
                byte value = (byte)(row[i] - predicted);
                output[i + 1] = value;
                sum += Math.Abs((int)(sbyte)value);
            }
            if (sum < bestSum) (best, bestSum) = (output, sum);
        }
        return best!;
    }

    /// <summary>The Paeth predictor (9.4): whichever of left, above and upper-left is nearest to left + above − upper-left.</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
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

    /// <summary>Cuts the zlib stream into IDAT chunks of <see cref="ChunkBytes"/> (the last one on dispose).</summary>
    private sealed class IdatStream(Stream target) : Stream
    {
        private readonly byte[] buffer = new byte[ChunkBytes];
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

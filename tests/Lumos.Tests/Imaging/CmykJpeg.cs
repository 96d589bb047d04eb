namespace Lumos.Tests.Imaging;

/// <summary>
/// Writes real four-component (CMYK) baseline JPEGs, which OpenCV cannot encode: an Adobe APP14 marker with transform 0
/// (CMYK stored inverted, as Photoshop writes it), one flat colour, a quantisation table of ones and DC-only blocks,
/// so every 8×8 block is its DC coefficient 8·(v − 128) followed by end-of-block. Decoders (libjpeg) read it as CMYK.
/// </summary>
internal static class CmykJpeg
{
    // The DC table of ITU T.81 Annex K.3 (luminance): code-length counts and the categories 0..11.
    private static readonly byte[] DcCounts = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> JPEG whose stored (inverted) CMYK samples are all <paramref name="cmyk"/>.</summary>
    public static byte[] Flat(int width, int height, byte[] cmyk)
    {
        var o = new List<byte> { 0xFF, 0xD8 };
        void Segment(byte marker, byte[] payload)
        {
            int length = payload.Length + 2;
            o.AddRange([0xFF, marker, (byte)(length >> 8), (byte)length]);
            o.AddRange(payload);
        }
        Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]); // version 100, flags 0, transform 0: CMYK as stored
        Segment(0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]); // 8-bit table 0, all ones
        Segment(0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        Segment(0xC4, [0x00, .. DcCounts, .. DcValues]); // DC table 0
        Segment(0xC4, [0x10, 1, .. new byte[15], 0x00]); // AC table 0: one code ('0'), end-of-block
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var dc = CanonicalCodes(DcCounts, DcValues);
        var bits = new BitWriter(o);
        int blocks = (width + 7) / 8 * ((height + 7) / 8);
        for (int block = 0; block < blocks; block++)
            for (int c = 0; c < 4; c++)
            {
                int difference = block == 0 ? 8 * (cmyk[c] - 128) : 0; // DC is coded as the change from the previous block
                int category = difference == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(difference));
                var (code, length) = dc[category];
                bits.Write(code, length);
                if (category > 0) bits.Write(difference > 0 ? difference : difference + (1 << category) - 1, category);
                bits.Write(0, 1); // end of block
            }
        bits.Pad();
        o.AddRange([0xFF, 0xD9]);
        return [.. o];
    }

    /// <summary>Huffman codes from code-length counts (T.81 Annex C): consecutive codes per length, doubling between lengths.</summary>
    private static Dictionary<int, (int Code, int Length)> CanonicalCodes(byte[] counts, byte[] values)
    {
        var codes = new Dictionary<int, (int, int)>();
        int code = 0, next = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < counts[length - 1]; i++) codes[values[next++]] = (code++, length);
            code <<= 1;
        }
        return codes;
    }

    /// <summary>Entropy-coded bits, most significant first, with a zero byte stuffed after every 0xFF.</summary>
    private sealed class BitWriter(List<byte> output)
    {
        private int buffer, count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                buffer = (buffer << 1) | ((value >> i) & 1);
                if (++count < 8) continue;
                output.Add((byte)buffer);
                if (buffer == 0xFF) output.Add(0);
                buffer = count = 0;
            }
        }

        public void Pad()
        {
            while (count != 0) Write(1, 1); // padding with one-bits, as T.81 F.1.2.3 asks
        }
    }
}

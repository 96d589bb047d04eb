using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Lumos.Nets.Checkpoints;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

/// <summary>The fixtures the hostile cases are made of.</summary>
public sealed partial class HostileInputTests
{
    private static string Bytes(TempFolder f, string name, byte[] bytes)
    {
        File.WriteAllBytes(f.File(name), bytes);
        return f.File(name);
    }

    private static string Text(TempFolder f, string name) => Bytes(f, name, "these are my notes, not a picture\n"u8.ToArray());

    private static string Cut(TempFolder f, string name, byte[] bytes, double keep) => Bytes(f, name, bytes[..(int)(bytes.Length * keep)]);

    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(11).NextBytes(bytes);
        bytes[0] = 0x93; // not by chance a known signature
        return bytes;
    }

    private static string Image(TempFolder f, string name, Mat image, bool relative = false)
    {
        using (image) Cv2.ImWrite(f.File(name), image);
        return relative ? name : f.File(name);
    }

    private static string Dark(TempFolder f) => Image(f, "dark.png", TestData.DarkColour());

    private static void Batch(TempFolder f, string folder, int count, int width = 32, int height = 24)
    {
        Directory.CreateDirectory(f.File(folder));
        for (int i = 0; i < count; i++)
            Image(f, Path.Combine(folder, count <= 26 ? $"{(char)('a' + i)}.png" : $"{i:000}.png"), TestData.DarkColour(width, height, i + 1));
    }

    private static byte[] Encode(string extension)
    {
        using var image = TestData.DarkColour();
        Cv2.ImEncode(extension, image, out var bytes);
        return bytes;
    }

    /// <summary>A small baseline JPEG whose frame header (SOF0) is patched to declare <paramref name="width"/>×<paramref name="height"/>.</summary>
    private static byte[] JpegClaiming(int width, int height)
    {
        var bytes = Encode(".jpg");
        int frame = Enumerable.Range(2, bytes.Length - 9).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(frame + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(frame + 7), (ushort)width);
        return bytes;
    }

    private static Mat Deep()
    {
        using var dark = TestData.DarkColour();
        var deep = new Mat();
        dark.ConvertTo(deep, MatType.CV_16UC3, 257);
        return deep;
    }

    private static Mat Alpha()
    {
        using var dark = TestData.DarkColour();
        var alpha = new Mat();
        Cv2.CvtColor(dark, alpha, ColorConversionCodes.BGR2BGRA);
        return alpha;
    }

    private static Mat Grey()
    {
        using var dark = TestData.DarkColour();
        var grey = new Mat();
        Cv2.CvtColor(dark, grey, ColorConversionCodes.BGR2GRAY);
        return grey;
    }

    private static string Link(TempFolder f, string name, string target)
    {
        File.CreateSymbolicLink(f.File(name), target);
        return f.File(name);
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLinkNative([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    private static string HardLink(TempFolder f, string name, string target)
    {
        Assert.Equal(0, HardLinkNative(f.File(target), f.File(name)));
        return f.File(name);
    }

    /// <summary>A small tmpfs mounted in the folder (root only; the case is skipped, visibly, otherwise).</summary>
    private static string Mount(TempFolder f, string name, string options)
    {
        var path = f.File("mnt-" + name);
        Directory.CreateDirectory(path);
        var start = new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]) { RedirectStandardError = true };
        using var mount = Process.Start(start)!;
        mount.WaitForExit();
        Skip.If(mount.ExitCode != 0, $"cannot mount a tmpfs here (needs root): {mount.StandardError.ReadToEnd().Trim()}");
        return path;
    }

    /// <summary>A folder this user may not write to (skipped, visibly, as root, who may write anywhere).</summary>
    private static string Unwritable(TempFolder f)
    {
        Skip.If(!OperatingSystem.IsLinux() || geteuid() == 0, "root may write to any folder: permission denied cannot be provoked");
        var path = f.File("locked-out");
        Directory.CreateDirectory(path);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return path;
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    /// <summary>A JPEG whose frame header (SOF0) claims 60000×60000.</summary>
    private static byte[] JpegBomb()
    {
        var jpeg = Encode(".jpg");
        int sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60000);
        return jpeg;
    }

    /// <summary>A complete PNG whose first IDAT chunk has a wrong CRC (libpng: "IDAT: CRC error").</summary>
    private static byte[] BadCrc(byte[] png)
    {
        int idat = png.AsSpan().IndexOf("IDAT"u8);
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat - 4));
        png[idat + 4 + length] ^= 0xFF;
        return png;
    }

    /// <summary>A JPEG with an EXIF orientation of 6 (rotate 90° clockwise): a 96×64 image shows as 64×96.</summary>
    private static byte[] ExifRotated()
    {
        var jpeg = Encode(".jpg");
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        byte[] segment = [0xFF, 0xE1, (byte)((exif.Length + 2) >> 8), (byte)((exif.Length + 2) & 0xFF), .. exif];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>An 8×8 palette PNG (colour type 3), which OpenCV cannot write: built chunk by chunk.</summary>
    private static byte[] PalettePng()
    {
        const int side = 8;
        var raw = new MemoryStream();
        for (int y = 0; y < side; y++)
        {
            raw.WriteByte(0); // filter: none
            for (int x = 0; x < side; x++) raw.WriteByte((byte)((x + y) % 4));
        }
        var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; header[9] = 3;
        Chunk(png, "IHDR", header);
        Chunk(png, "PLTE", [10, 10, 30, 20, 40, 10, 40, 20, 20, 60, 50, 40]);
        Chunk(png, "IDAT", packed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();

        static void Chunk(Stream s, string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            s.Write(length);
            byte[] body = [.. Encoding.ASCII.GetBytes(type), .. data];
            s.Write(body);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
            s.Write(crc);
        }

        static uint Crc32(byte[] bytes)
        {
            uint crc = 0xFFFFFFFF;
            foreach (var b in bytes)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
            return ~crc;
        }
    }

    /// <summary>A BMP file header and the start of its info header, declaring <paramref name="width"/>×<paramref name="height"/>.</summary>
    private static byte[] Bmp(int width, int height)
    {
        var b = new byte[26];
        "BM"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(2), (uint)b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
        return b;
    }

    private static byte[] Shipped(string name) => File.ReadAllBytes(Path.Combine(Checkpoint.ShippedFolder, name + Checkpoint.Extension));

    /// <summary>The shipped zerodce checkpoint rewritten with <paramref name="change"/> applied to its entries.</summary>
    private static string Rewritten(TempFolder f, string name, Func<string, byte[], byte[]?> change)
    {
        using var source = new ZipArchive(new MemoryStream(Shipped("zerodce")), ZipArchiveMode.Read);
        using (var target = ZipFile.Open(f.File(name), ZipArchiveMode.Create))
            foreach (var entry in source.Entries)
            {
                var content = new MemoryStream();
                using (var stream = entry.Open()) stream.CopyTo(content);
                if (change(entry.Name, content.ToArray()) is not { } bytes) continue;
                using var written = target.CreateEntry(entry.Name).Open();
                written.Write(bytes);
            }
        return f.File(name);
    }

    private static string CutWeights(TempFolder f) => Rewritten(f, "weights.lumosnet", (entry, bytes) => entry == "weights.bin" ? bytes[..(bytes.Length / 2)] : bytes);

    private static string NoMeta(TempFolder f) => Rewritten(f, "nometa.lumosnet", (entry, bytes) => entry == "meta.json" ? null : bytes);

    private static string UnknownArch(TempFolder f) => Rewritten(f, "alien.lumosnet", (entry, bytes) =>
    {
        if (entry != "meta.json") return bytes;
        var meta = JsonNode.Parse(bytes)!;
        meta["arch"] = "nosuchnet";
        return Encoding.UTF8.GetBytes(meta.ToJsonString());
    });

    /// <summary>The three pickles that open a legacy (pre-1.6) torch.save file: magic number, protocol, system info.</summary>
    private static byte[] LegacyPthHeader() =>
        [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.', 0x80, 0x02, (byte)'M', 0xe9, 0x03, (byte)'.', 0x80, 0x02, (byte)'}', (byte)'.'];

    /// <summary>
    /// A legacy .pth holding one tensor 'w' of <paramref name="shape"/> elements (stride 1) over a float storage whose
    /// persistent id says <paramref name="storage"/> elements; four floats of data follow.
    /// </summary>
    private static byte[] LegacyPth(long storage, int shape)
    {
        var o = new List<byte>(LegacyPthHeader());
        void Text(string text) => o.AddRange(Encoding.Latin1.GetBytes(text));
        void Unicode(string text) { o.Add((byte)'X'); o.AddRange(BitConverter.GetBytes(text.Length)); Text(text); }
        void Long(long value) { o.AddRange([0x8a, 8]); o.AddRange(BitConverter.GetBytes(value)); }
        Text("\x80\x02}("); Unicode("w");
        Text("ctorch._utils\n_rebuild_tensor_v2\n((");
        Unicode("storage"); Text("ctorch\nFloatStorage\n"); Unicode("0"); Unicode("cpu"); Long(storage); Text("tQ");
        Long(0); Text("("); Long(shape); Text("t("); Long(1); Text("ttRu.");
        Text("\x80\x02]("); Unicode("0"); Text("e.");
        o.AddRange(BitConverter.GetBytes(4L));
        o.AddRange(new byte[16]);
        return [.. o];
    }

    /// <summary>The shipped zerodce checkpoint with its meta.json changed by <paramref name="change"/>.</summary>
    private static string Meta(TempFolder f, string name, Action<JsonNode> change) => Rewritten(f, name, (entry, bytes) =>
    {
        if (entry != "meta.json") return bytes;
        var meta = JsonNode.Parse(bytes)!;
        change(meta);
        return Encoding.UTF8.GetBytes(meta.ToJsonString());
    });

    /// <summary>The shipped zerodce exported to ONNX with some of its Lumos metadata replaced.</summary>
    private static byte[] ExportedWith(params (string Key, string Value)[] metadata)
    {
        var (meta, options, weights) = Checkpoint.ReadPlain("zerodce");
        return Lumos.Nets.Onnx.NetExport.FromWeights(meta.Arch, options, weights, Lumos.Nets.Onnx.NetExport.DefaultOpset, metadata.ToDictionary(m => m.Key, m => m.Value)).Model;
    }

    /// <summary>The shipped zerodce exported to ONNX: a same-size (×1) model, made once per case that needs it.</summary>
    private static byte[] Exported(TempFolder f)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lumos-hostile-zerodce-{Guid.NewGuid():N}.onnx");
        try
        {
            var result = Cli.Run("export", "zerodce", "-o", path);
            Assert.True(result.ExitCode == 0, result.Error);
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }
}

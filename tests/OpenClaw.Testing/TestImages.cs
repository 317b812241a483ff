namespace OpenClaw.Testing;

/// <summary>Tiny files whose first bytes are what a type sniffer looks at, for image input tests.</summary>
public static class TestImages
{
    /// <summary>A real 1×1 PNG, the one the reference recording sends (T#36).</summary>
    public const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    public static byte[] Png => Convert.FromBase64String(PngBase64);

    public static byte[] Jpeg => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    public static byte[] Gif => [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3B];

    public static byte[] Webp => [.. "RIFF"u8, 0x1A, 0x00, 0x00, 0x00, .. "WEBPVP8L"u8, 0x0D, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00];

    /// <summary>An ISO-BMFF <c>ftyp</c> box with the given major brand (<c>heic</c>, <c>mif1</c>, <c>avif</c> …).</summary>
    public static byte[] Ftyp(string brand) => [0x00, 0x00, 0x00, 0x18, .. "ftyp"u8, .. System.Text.Encoding.ASCII.GetBytes(brand), 0x00, 0x00, 0x00, 0x00, .. "mif1"u8, .. "heic"u8];

    public static byte[] Pdf => "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n"u8.ToArray();

    /// <summary>A BMP file header and the start of its info header: a type the sniffer knows but no model takes.</summary>
    public static byte[] Bmp => [.. "BM"u8, 0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0x18, 0];

    /// <summary>A little-endian TIFF header with its first IFD offset.</summary>
    public static byte[] Tiff => [.. "II"u8, 0x2A, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static byte[] Svg => """<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"""u8.ToArray();

    /// <summary><c>data:&lt;mime&gt;;base64,&lt;bytes&gt;</c>.</summary>
    public static string DataUri(byte[] bytes, string mime = "image/png") => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>A PNG signature followed by <paramref name="size"/> − 8 filler bytes: sniffs as PNG, any size.</summary>
    public static byte[] PngOfSize(int size)
    {
        var bytes = new byte[size];
        Png.AsSpan(0, 8).CopyTo(bytes);
        return bytes;
    }
}

using MlPipeline.Core.Imaging;
using SkiaSharp;

namespace MlPipeline.Tests.Imaging;

public sealed class PictureSignatureTests
{
    // Equal grey levels (about 122): only the colour tells these backgrounds apart.
    private static readonly SKColor Green = new(40, 180, 40);
    private static readonly SKColor Pink = new(195, 76, 165);

    [Theory]
    [InlineData("JPEG 50")]
    [InlineData("resized to 200%")]
    [InlineData("resized to 60%")]
    [InlineData("brightness +10%")]
    public void A_copy_is_a_near_copy(string copy)
    {
        using var original = Draw(Green, mark: false);
        using var made = copy switch
        {
            "JPEG 50" => Reencode(original, SKEncodedImageFormat.Jpeg, 50),
            "resized to 200%" => Resize(original, 2),
            "resized to 60%" => Resize(original, 0.6),
            _ => Brighten(original, 1.1),
        };

        Assert.True(PictureSignature.Of(original).IsNearCopyOf(PictureSignature.Of(made)));
    }

    [Fact]
    public void A_small_mark_makes_another_picture_though_the_hashes_stay_close()
    {
        using var plain = Draw(Green, mark: false);
        using var marked = Draw(Green, mark: true);
        var (a, b) = (PictureSignature.Of(plain), PictureSignature.Of(marked));

        Assert.InRange(a.Distance(b), 0, PictureSignature.MaxDistance);
        Assert.False(a.IsNearCopyOf(b));
    }

    [Fact]
    public void The_same_layout_in_another_colour_is_another_picture()
    {
        using var green = Draw(Green, mark: false);
        using var pink = Draw(Pink, mark: false);
        var (a, b) = (PictureSignature.Of(green), PictureSignature.Of(pink));

        Assert.InRange(a.Distance(b), 0, PictureSignature.MaxDistance);
        Assert.False(a.IsNearCopyOf(b));
    }

    // A dark disc with a lighter ring on a plain background; the mark is a light 8 px square at the disc's centre,
    // which moves none of the hash's low frequencies.
    private static SKBitmap Draw(SKColor background, bool mark)
    {
        var bitmap = new SKBitmap(new SKImageInfo(128, 128, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(background);
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(200, 200, 200) };
        canvas.DrawCircle(60, 64, 40, paint);
        paint.Color = new SKColor(30, 30, 30);
        canvas.DrawCircle(60, 64, 28, paint);
        if (mark)
        {
            paint.Color = new SKColor(200, 200, 200);
            canvas.DrawRect(56, 60, 8, 8, paint);
        }

        return bitmap;
    }

    private static SKBitmap Reencode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var data = bitmap.Encode(format, quality);
        using var decoded = SKBitmap.Decode(data);
        return decoded.Copy(SKColorType.Rgba8888);
    }

    private static SKBitmap Resize(SKBitmap bitmap, double factor) =>
        bitmap.Resize(new SKImageInfo((int)(bitmap.Width * factor), (int)(bitmap.Height * factor), SKColorType.Rgba8888, SKAlphaType.Unpremul), SKFilterQuality.High);

    private static SKBitmap Brighten(SKBitmap bitmap, double factor)
    {
        var copy = new SKBitmap(bitmap.Info);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                copy.SetPixel(x, y, new SKColor(Scale(c.Red), Scale(c.Green), Scale(c.Blue)));
            }
        }

        return copy;

        byte Scale(byte channel) => (byte)Math.Min(255, Math.Round(channel * factor));
    }
}

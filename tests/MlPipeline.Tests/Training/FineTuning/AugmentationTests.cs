using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Tests.Training.FineTuning;

public sealed class AugmentationTests
{
    private const int Side = 32;

    [Fact]
    public void The_same_seed_draws_the_same_transforms()
    {
        var first = new Random(5);
        var second = new Random(5);

        var a = Enumerable.Range(0, 20).Select(_ => Augmentation.Draw(first, allowFlip: true)).ToList();
        var b = Enumerable.Range(0, 20).Select(_ => Augmentation.Draw(second, allowFlip: true)).ToList();

        Assert.Equal(a, b);
        Assert.Contains(a, t => t.Flip);
        Assert.Contains(a, t => !t.Flip);
        Assert.All(a, t => Assert.InRange(t.CropWidth * t.CropHeight, 0.35 * 0.999, 1.0));
    }

    [Fact]
    public void Flip_off_never_mirrors()
    {
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 50).Select(_ => Augmentation.Draw(random, allowFlip: false)), t => Assert.False(t.Flip));
    }

    [Fact]
    public void Identity_passes_pixels_through_as_planar_rgb()
    {
        var rgba = Gradient();
        var planes = new float[3 * Side * Side];

        Augmentation.Identity.Apply(rgba, Side, Side, planes);

        Assert.Equal(rgba[4 * 33], planes[33]);
        Assert.Equal(rgba[(4 * 33) + 1], planes[(Side * Side) + 33]);
        Assert.Equal(rgba[(4 * 33) + 2], planes[(2 * Side * Side) + 33]);
    }

    [Fact]
    public void A_full_crop_with_flip_mirrors_left_and_right()
    {
        var rgba = Gradient();
        var planes = new float[3 * Side * Side];
        var mirror = Augmentation.Identity with { Flip = true };

        mirror.Apply(rgba, Side, Side, planes);

        // The red channel rises left to right in the source, so it falls left to right once mirrored.
        Assert.True(planes[0] > planes[Side - 1], $"{planes[0]} should exceed {planes[Side - 1]}");
        Assert.Equal(rgba[4 * (Side - 1)], planes[0], 0.6f * 255 / Side);
    }

    [Fact]
    public void Brightness_and_contrast_recolour_around_mid_grey_and_stay_in_range()
    {
        var rgba = Gradient();
        var planes = new float[3 * Side * Side];
        var brighter = Augmentation.Identity with { Brightness = 0.1f, Contrast = 1.2f };

        brighter.Apply(rgba, Side, Side, planes);

        Assert.Equal(Math.Clamp(((rgba[4 * 5] - 127.5f) * 1.2f) + 127.5f + 25.5f, 0, 255), planes[5], 0.01f);
        Assert.All(planes, v => Assert.InRange(v, 0, 255));
    }

    private static byte[] Gradient()
    {
        var rgba = new byte[4 * Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var i = 4 * ((y * Side) + x);
                rgba[i] = (byte)(x * 255 / (Side - 1));
                rgba[i + 1] = (byte)(y * 255 / (Side - 1));
                rgba[i + 2] = 100;
                rgba[i + 3] = 255;
            }
        }

        return rgba;
    }
}

// Precision and recall of doctor's near-duplicate rule, old (pHash within 6 bits) and new (PictureSignature.IsNearCopyOf),
// on pairs built from class folders: true pairs are each image and a re-encoded, resized, cropped or brightened copy;
// false pairs are every two different images of one class. Copies are written to a scratch folder and probed from
// disk, as doctor reads them.
// Usage: dotnet run scripts/near-duplicate-pairs.cs -- NAME=DIR ...   (DIR holds class folders of images)
#:project ../src/MlPipeline.Core/MlPipeline.Core.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

using MlPipeline.Core.Imaging;
using SkiaSharp;

(string Name, Func<SKBitmap, Random, SKBitmap> Make, SKEncodedImageFormat Format, int Quality)[] copies =
[
    ("JPEG 95", (b, _) => b.Copy(), SKEncodedImageFormat.Jpeg, 95),
    ("JPEG 75", (b, _) => b.Copy(), SKEncodedImageFormat.Jpeg, 75),
    ("JPEG 50", (b, _) => b.Copy(), SKEncodedImageFormat.Jpeg, 50),
    ("resized to 200%", (b, _) => Scale(b, 2), SKEncodedImageFormat.Png, 100),
    ("resized to 60%", (b, _) => Scale(b, 0.6), SKEncodedImageFormat.Png, 100),
    ("5% cropped", Crop, SKEncodedImageFormat.Png, 100),
    ("brightness +10%", (b, _) => Brighten(b, 1.1, 0), SKEncodedImageFormat.Png, 100),
    ("brightness -15 levels", (b, _) => Brighten(b, 1, -15), SKEncodedImageFormat.Png, 100),
    ("5% cropped, 200%, JPEG 75", (b, r) => Scale(Crop(b, r), 2), SKEncodedImageFormat.Jpeg, 75),
];

Func<PictureSignature, PictureSignature, bool>[] rules = [(a, b) => a.Distance(b) <= 6, (a, b) => a.IsNearCopyOf(b)];
var scratch = Directory.CreateTempSubdirectory("near-duplicates-");
try
{
    Console.WriteLine($"{"set",-10} {"pairs",-28} {"count",7} {"old flags",10} {"new flags",10}");
    var totals = new int[2, 3];
    foreach (var (name, dir) in args.Select(a => (a[..a.IndexOf('=')], a[(a.IndexOf('=') + 1)..])))
    {
        var classes = Directory.GetDirectories(dir).Order(StringComparer.Ordinal)
            .Select(c => Directory.GetFiles(c).Order(StringComparer.Ordinal).Select(f => (Path: f, Probe: ImageProbe.Probe(f))).ToList()).ToList();
        var random = new Random(1);
        foreach (var copy in copies)
        {
            var flags = new int[2];
            var count = 0;
            foreach (var image in classes.SelectMany(c => c))
            {
                using var source = Rgba(image.Path);
                using var made = copy.Make(source, random);
                using var data = made.Encode(copy.Format, copy.Quality);
                var path = Path.Combine(scratch.FullName, copy.Format == SKEncodedImageFormat.Jpeg ? "copy.jpg" : "copy.png");
                File.WriteAllBytes(path, data.ToArray());
                var probe = ImageProbe.Probe(path);
                count++;
                for (var r = 0; r < rules.Length; r++)
                {
                    flags[r] += rules[r](image.Probe.Signature, probe.Signature) ? 1 : 0;
                }
            }

            Report(name, $"true: {copy.Name}", count, flags, totals, 0);
        }

        var falseFlags = new int[2];
        var falseCount = 0;
        foreach (var images in classes)
        {
            for (var i = 0; i < images.Count; i++)
            {
                for (var j = i + 1; j < images.Count; j++)
                {
                    falseCount++;
                    for (var r = 0; r < rules.Length; r++)
                    {
                        falseFlags[r] += rules[r](images[i].Probe.Signature, images[j].Probe.Signature) ? 1 : 0;
                    }
                }
            }
        }

        Report(name, "false: two images of a class", falseCount, falseFlags, totals, 1);
    }

    for (var r = 0; r < rules.Length; r++)
    {
        var (found, all, wrong) = (totals[r, 0], totals[r, 1], totals[r, 2]);
        Console.WriteLine($"{(r == 0 ? "old rule (pHash within 6 bits)" : "new rule (IsNearCopyOf)"),-32} recall {(double)found / all:P1} ({found}/{all}), " +
            $"precision {(found + wrong == 0 ? 1 : (double)found / (found + wrong)):P1} ({wrong} false pair(s) flagged)");
    }
}
finally
{
    scratch.Delete(recursive: true);
}

static void Report(string set, string pairs, int count, int[] flags, int[,] totals, int kind)
{
    Console.WriteLine($"{set,-10} {pairs,-28} {count,7} {flags[0],10} {flags[1],10}");
    for (var r = 0; r < flags.Length; r++)
    {
        if (kind == 0)
        {
            totals[r, 0] += flags[r];
            totals[r, 1] += count;
        }
        else
        {
            totals[r, 2] += flags[r];
        }
    }
}

static SKBitmap Rgba(string path)
{
    using var decoded = SKBitmap.Decode(path);
    return decoded.Copy(SKColorType.Rgba8888);
}

static SKBitmap Scale(SKBitmap bitmap, double factor) =>
    bitmap.Resize(new SKImageInfo((int)Math.Round(bitmap.Width * factor), (int)Math.Round(bitmap.Height * factor), SKColorType.Rgba8888), SKFilterQuality.High);

// 5% off each axis, split at random between the two sides.
static SKBitmap Crop(SKBitmap bitmap, Random random)
{
    var (w, h) = ((int)Math.Round(bitmap.Width * 0.95), (int)Math.Round(bitmap.Height * 0.95));
    using var cropped = new SKBitmap();
    bitmap.ExtractSubset(cropped, SKRectI.Create(random.Next(bitmap.Width - w + 1), random.Next(bitmap.Height - h + 1), w, h));
    return cropped.Copy();
}

static SKBitmap Brighten(SKBitmap bitmap, double factor, int offset)
{
    var copy = bitmap.Copy();
    var pixels = copy.GetPixelSpan();
    var bytes = new byte[pixels.Length];
    for (var i = 0; i < bytes.Length; i++)
    {
        bytes[i] = i % 4 == 3 ? pixels[i] : (byte)Math.Clamp((int)Math.Round((pixels[i] * factor) + offset), 0, 255);
    }

    System.Runtime.InteropServices.Marshal.Copy(bytes, 0, copy.GetPixels(), bytes.Length);
    return copy;
}

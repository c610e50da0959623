using System.CommandLine;
using MlPipeline.Core.Dataset.LabelFiles;

namespace MlPipeline.Cli;

/// <summary>
/// The label-file options a verb takes in place of <c>--data</c> (or <c>--input</c>): <c>--labels</c>, <c>--images-root</c>,
/// <c>--path-column</c> and, where labels are read, <c>--label-column</c>; train adds <c>--validation-labels</c>.
/// </summary>
internal sealed class LabelFileArguments
{
    private readonly Option<string?> _labels = new("--labels")
    {
        Description = "A CSV or TSV file of image paths and labels (header row; delimiter from .csv/.tsv), instead of class folders.",
    };

    private readonly Option<string?> _imagesRoot = new("--images-root")
    {
        Description = "The folder the label file's paths are relative to (default: the label file's folder).",
    };

    private readonly Option<string?> _pathColumn = new("--path-column")
    {
        Description = "The label file's path column (default: the first named path, file, filename, image or id, else the first).",
    };

    private readonly Option<string?> _labelColumn = new("--label-column")
    {
        Description = "The label file's label column (default: the first named label, class or category, else the next one).",
    };

    private readonly Option<string?>? _validationLabels;
    private readonly bool _readsLabels;

    /// <param name="labelsDescription">What --labels does for this verb, when it differs from the default.</param>
    /// <param name="readsLabels">Whether the verb reads labels (predict reads only paths, so it has no --label-column).</param>
    /// <param name="validation">Whether the verb takes --validation-labels (train).</param>
    public LabelFileArguments(string? labelsDescription = null, bool readsLabels = true, bool validation = false)
    {
        if (labelsDescription is not null)
        {
            _labels.Description = labelsDescription;
        }

        _readsLabels = readsLabels;
        if (validation)
        {
            _validationLabels = new Option<string?>("--validation-labels")
            {
                Description = "A label file of validation images, used instead of a hold-out (read with the same --images-root and columns).",
            };
        }
    }

    /// <summary>Adds the options, and the check that the column and root options come with a label file.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all = [_labels, .. _validationLabels is null ? [] : new[] { _validationLabels }, _imagesRoot, _pathColumn, .. _readsLabels ? [_labelColumn] : Array.Empty<Option>()];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var withoutFile = result.GetValue(_labels) is null && (_validationLabels is null || result.GetValue(_validationLabels) is null);
            foreach (var option in new[] { _imagesRoot, _pathColumn, _labelColumn }.Where(o => withoutFile && result.GetResult(o) is { Implicit: false }))
            {
                result.AddError($"{option.Name} reads a label file; give one with {_labels.Name}.");
            }
        });
    }

    /// <summary>The label file --labels names, or null.</summary>
    public LabelFileOptions? Read(ParseResult parse) => Read(parse, _labels);

    /// <summary>The label file --validation-labels names, or null.</summary>
    public LabelFileOptions? ReadValidation(ParseResult parse) => _validationLabels is null ? null : Read(parse, _validationLabels);

    private LabelFileOptions? Read(ParseResult parse, Option<string?> file) => parse.GetValue(file) is { } path
        ? new LabelFileOptions(path)
        {
            ImagesRoot = parse.GetValue(_imagesRoot),
            PathColumn = parse.GetValue(_pathColumn),
            LabelColumn = _readsLabels ? parse.GetValue(_labelColumn) : null,
        }
        : null;
}

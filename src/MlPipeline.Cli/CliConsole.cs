using Spectre.Console;

namespace MlPipeline.Cli;

/// <summary>
/// Where the CLI writes: results on <see cref="Out"/> (stdout), progress and logs on <see cref="Error"/> (stderr),
/// so that <c>--json</c> output and tables can be piped while progress stays visible.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool errorIsTerminal)
{
    /// <summary>Results: tables and JSON.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Progress, warnings and errors.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Whether stderr is an interactive terminal, where a live progress bar makes sense.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>Spectre console on stdout, for tables.</summary>
    public IAnsiConsole OutConsole => _outConsole ??= Create(Out, interactive: false);

    /// <summary>Spectre console on stderr, for progress bars.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= Create(Error, ErrorIsTerminal);

    private IAnsiConsole? _outConsole;
    private IAnsiConsole? _errorConsole;

    /// <summary>The process's own stdout and stderr.</summary>
    public static CliConsole FromSystemConsole() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });
}

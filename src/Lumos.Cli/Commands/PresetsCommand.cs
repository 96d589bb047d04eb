using Lumos.Processing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary><c>lumos presets</c>: lists the presets with their purpose and steps.</summary>
public sealed class PresetsCommand(CliServices services) : Command
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("preset", "purpose", "file");
        foreach (var preset in Presets.All) table.AddRow($"[bold]{Markup.Escape(preset.Name)}[/]", Markup.Escape(preset.Description), Markup.Escape(preset.File));
        table.Caption(Markup.Escape($"run one: lumos run --preset NAME INPUTS -o OUT (or lumos enhance --preset NAME); your own go in {Presets.Folders[^1]}"));
        services.Console.Write(table);
        return LumosApp.Success;
    }
}

using System.ComponentModel;
using Lumos.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos methods</c>.</summary>
public sealed class MethodsSettings : CommandSettings
{
    /// <summary>Show only this method.</summary>
    [CommandArgument(0, "[method]"), Description("Show only this method's parameters")]
    public string? Method { get; init; }
}

/// <summary><c>lumos methods</c>: lists the registry with parameters, defaults and ranges.</summary>
public sealed class MethodsCommand(CliServices services) : Command<MethodsSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MethodsSettings settings, CancellationToken cancellationToken)
    {
        var methods = settings.Method is null
            ? EnhancementMethods.Registry.All
            : [EnhancementMethods.Registry.Get(settings.Method)];
        var table = new Table().AddColumns("method", "description", "parameter", "default", "range", "meaning");
        foreach (var method in methods)
        {
            var first = true;
            Lumos.Registry.ParameterInfo?[] parameters = method.Parameters.Count == 0 ? [null] : [.. method.Parameters];
            foreach (var parameter in parameters)
            {
                table.AddRow(
                    first ? $"[bold]{Markup.Escape(method.Name)}[/]" : "",
                    first ? Markup.Escape(method.Summary) : "",
                    Markup.Escape(parameter?.Name ?? "-"),
                    Markup.Escape(parameter?.DefaultText ?? ""),
                    Markup.Escape(parameter?.RangeText ?? ""),
                    Markup.Escape(parameter?.Description ?? ""));
                first = false;
            }
            if (settings.Method is not null && method.Citation.Length > 0)
                table.Caption($"{method.Name}: {Markup.Escape(method.Citation)}");
        }
        services.Console.Write(table);
        return LumosApp.Success;
    }
}

using System.ComponentModel;
using Lumos.Methods;
using Lumos.Registry;
using Lumos.SuperResolution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos methods</c>.</summary>
public sealed class MethodsSettings : CommandSettings
{
    /// <summary>Show only this method or upscaler.</summary>
    [CommandArgument(0, "[method]"), Description("Show only this method's (or upscaler's) parameters")]
    public string? Method { get; init; }
}

/// <summary><c>lumos methods</c>: lists the enhancement methods and the upscalers with parameters, defaults and ranges.</summary>
public sealed class MethodsCommand(CliServices services) : Command<MethodsSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MethodsSettings settings, CancellationToken cancellationToken)
    {
        var name = settings.Method;
        bool method = name is null || EnhancementMethods.Registry.Contains(name), upscaler = name is null || Upscalers.Registry.Contains(name);
        if (!method && !upscaler) EnhancementMethods.Registry.Get(name!); // throws the registry's own "unknown" error, with the known names
        if (method) Write("method", name is null ? EnhancementMethods.Registry.All : [EnhancementMethods.Registry.Get(name)], name is not null);
        if (upscaler) Write("upscaler (lumos upscale -m NAME --scale S)", name is null ? Upscalers.Registry.All : [Upscalers.Registry.Get(name)], name is not null);
        return LumosApp.Success;
    }

    private void Write<T>(string kind, IReadOnlyList<ComponentInfo<T>> components, bool cite) where T : class
    {
        var table = new Table().AddColumns(Markup.Escape(kind), "description", "parameter", "default", "range", "meaning");
        foreach (var component in components)
        {
            var first = true;
            ParameterInfo?[] parameters = component.Parameters.Count == 0 ? [null] : [.. component.Parameters];
            foreach (var parameter in parameters)
            {
                table.AddRow(
                    first ? $"[bold]{Markup.Escape(component.Name)}[/]" : "",
                    first ? Markup.Escape(component.Summary + (component is ComponentInfo<IUpscaler> u ? Models(u) : "")) : "",
                    Markup.Escape(parameter?.Name ?? "-"),
                    Markup.Escape(parameter?.DefaultText ?? ""),
                    Markup.Escape(parameter?.RangeText ?? ""),
                    Markup.Escape(parameter?.Description ?? ""));
                first = false;
            }
            if (cite && component.Citation.Length > 0)
                table.Caption($"{component.Name}: {Markup.Escape(component.Citation)}");
        }
        services.Console.Write(table);
    }

    /// <summary>What a net upscaler has models for, from the shipped checkpoints: ". Shipped: ×3 (the default)"; nothing for one that runs any scale.</summary>
    private static string Models(ComponentInfo<IUpscaler> info)
    {
        IUpscaler upscaler;
        try { upscaler = info.Create(); }
        catch (LumosException) { return ""; } // it needs a parameter (a model file) before it can say
        try
        {
            int[] scales = [.. new[] { 2, 3, 4 }.Where(s => upscaler.RefuseScale(s) is null)];
            return scales.Length == 0 ? ". No shipped model: set weights"
                : upscaler.DefaultScale is int own ? $". Shipped: {string.Join(", ", scales.Select(s => $"×{s}"))} (default ×{own})" : "";
        }
        finally { (upscaler as IDisposable)?.Dispose(); }
    }
}

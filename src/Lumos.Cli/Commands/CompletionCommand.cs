using System.ComponentModel;
using System.Reflection;
using System.Text;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.SuperResolution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos completion</c>.</summary>
public sealed class CompletionSettings : CommandSettings
{
    /// <summary>The shell.</summary>
    [CommandArgument(0, "<shell>"), Description("bash or zsh")]
    public string Shell { get; init; } = "";

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Shell is "bash" or "zsh" ? ValidationResult.Success() : ValidationResult.Error("shell must be bash or zsh");
}

/// <summary>
/// <c>lumos completion bash|zsh</c>: prints a completion script made from the verbs' own option attributes and the
/// registries (methods, upscalers, presets), so it never falls behind the CLI. Install with
/// <c>lumos completion bash &gt; ~/.local/share/bash-completion/completions/lumos</c>, or for zsh
/// <c>source &lt;(lumos completion zsh)</c> in ~/.zshrc.
/// </summary>
public sealed class CompletionCommand(CliServices services) : Command<CompletionSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CompletionSettings settings, CancellationToken cancellationToken)
    {
        services.Console.Profile.Out.Writer.Write(Script(settings.Shell));
        return LumosApp.Success;
    }

    /// <summary>The script for <paramref name="shell"/> (zsh runs the bash one through bashcompinit).</summary>
    public static string Script(string shell)
    {
        var verbs = Verbs();
        var names = EnhancementMethods.Registry.All.Select(m => m.Name).Concat(Upscalers.Registry.All.Select(u => u.Name)).Distinct().Order(StringComparer.Ordinal);
        var script = new StringBuilder();
        if (shell == "zsh") script.AppendLine("autoload -U +X bashcompinit && bashcompinit");
        script.AppendLine("_lumos() {");
        script.AppendLine("  local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]} verb=${COMP_WORDS[1]}");
        script.AppendLine("  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W \"" + string.Join(' ', verbs.Select(v => v.Name)) + " --help --version\" -- \"$current\")); return; fi");
        script.AppendLine("  case \"$previous\" in");
        script.AppendLine($"    -m|--method|--methods) COMPREPLY=($(compgen -W \"{string.Join(' ', names)}\" -- \"$current\")); return;;");
        script.AppendLine($"    --preset) COMPREPLY=($(compgen -W \"{string.Join(' ', Presets.All.Select(p => p.Name))}\" -- \"$current\")); return;;");
        script.AppendLine("  esac");
        script.AppendLine("  case \"$verb\" in");
        foreach (var (name, options) in verbs)
            script.AppendLine($"    {name}) [[ \"$current\" == -* ]] && {{ COMPREPLY=($(compgen -W \"{string.Join(' ', options)} --help\" -- \"$current\")); return; }};;");
        script.AppendLine("  esac");
        script.AppendLine("  COMPREPLY=($(compgen -f -- \"$current\"))");
        script.AppendLine("}");
        script.AppendLine("complete -o filenames -F _lumos lumos");
        return script.ToString();
    }

    /// <summary>Every verb (a Command class named NameCommand) with the option spellings of its settings.</summary>
    private static List<(string Name, IReadOnlyList<string> Options)> Verbs() =>
        [.. typeof(CompletionCommand).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, Namespace: "Lumos.Cli.Commands" } && t.Name.EndsWith("Command", StringComparison.Ordinal) && typeof(ICommand).IsAssignableFrom(t))
            .Select(t => (t.Name[..^"Command".Length].ToLowerInvariant(), Options(t)))
            .OrderBy(v => v.Item1, StringComparer.Ordinal)];

    private static IReadOnlyList<string> Options(Type command)
    {
        var settings = command.BaseType is { IsGenericType: true } generic ? generic.GetGenericArguments()[0] : null;
        if (settings is null) return [];
        return [.. settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.ShortNames.Select(s => "-" + s).Concat(o.LongNames.Select(l => "--" + l)))];
    }
}

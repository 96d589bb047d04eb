using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Lumos.Registry;

/// <summary>
/// Reads an options record's parameters (public init properties with <see cref="DescriptionAttribute"/>
/// and optional <see cref="RangeAttribute"/>), binds <c>name=value</c> strings to them and validates ranges.
/// Records nest: a property whose type is itself an options record (say the net-running options several nets share)
/// contributes its parameters under their own names, so callers set <c>tile=256</c> whatever record holds it.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The parameters an options type exposes, nested records' included.</summary>
    /// <exception cref="InvalidOperationException">Two parameters, at any depth, share a name.</exception>
    public static IReadOnlyList<ParameterInfo> Describe(Type optionsType)
    {
        var parameters = Describe(optionsType, Activator.CreateInstance(optionsType)!, []).ToArray();
        var clash = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        return clash is null ? parameters : throw new InvalidOperationException($"{optionsType.Name}: two parameters are named '{clash.Key}'");
    }

    private static IEnumerable<ParameterInfo> Describe(Type type, object defaults, PropertyInfo[] path)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (IsNestedOptions(p.PropertyType))
            {
                foreach (var nested in Describe(p.PropertyType, p.GetValue(defaults)!, [.. path, p])) yield return nested;
                continue;
            }
            if (p.GetCustomAttribute<DescriptionAttribute>() is not { } description) continue;
            var range = p.GetCustomAttribute<RangeAttribute>();
            yield return new ParameterInfo(Kebab(p.Name), description.Description, p.PropertyType, p.GetValue(defaults),
                range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
                range is null ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture), p, path);
        }
    }

    /// <summary>A record of parameters itself: a class (not a string or array) with a default constructor and described properties.</summary>
    private static bool IsNestedOptions(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && type.GetConstructor(Type.EmptyTypes) is not null
        && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.GetCustomAttribute<DescriptionAttribute>() is not null);

    /// <summary>Creates an options instance from its defaults and <paramref name="values"/>, then validates it.</summary>
    /// <exception cref="LumosException">Unknown name, unparsable value or value out of range.</exception>
    public static object Bind(Type optionsType, string owner, IEnumerable<KeyValuePair<string, string>> values)
    {
        var parameters = Describe(optionsType);
        var options = Activator.CreateInstance(optionsType)!;
        foreach (var (key, text) in values)
        {
            var parameter = parameters.Named(key)
                ?? throw LumosException.Usage(parameters.Count == 0
                    ? $"{owner}: unknown parameter '{key}' ({owner} has no parameters)"
                    : $"{owner}: unknown parameter '{key}' (known: {string.Join(", ", parameters.Select(p => p.Name))})");
            parameter.SetValue(options, Parse(parameter, text.Trim(), owner));
        }
        Validate(options, owner);
        return options;
    }

    /// <summary>Checks every bounded parameter of <paramref name="options"/> against its range.</summary>
    /// <exception cref="LumosException">A value is out of range.</exception>
    public static void Validate(object options, string owner)
    {
        foreach (var parameter in Describe(options.GetType()))
        {
            if (parameter.Min is null && parameter.Max is null) continue;
            var value = Convert.ToDouble(parameter.GetValue(options), CultureInfo.InvariantCulture);
            if (double.IsNaN(value) || value < parameter.Min || value > parameter.Max)
                throw LumosException.Usage($"{owner}: {parameter.Name}={Format(value)} is out of range {parameter.RangeText}");
        }
    }

    /// <summary>Parses <c>a=1,b=2</c> pairs given as separate <c>name=value</c> strings.</summary>
    /// <exception cref="LumosException">An item has no '='.</exception>
    public static IEnumerable<KeyValuePair<string, string>> ParsePairs(IEnumerable<string> items) =>
        items.Select(item =>
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw LumosException.Usage($"parameter '{item}': expected name=value");
            return new KeyValuePair<string, string>(item[..eq], item[(eq + 1)..]);
        });

    /// <summary>
    /// Parses <c>[owner.]name=value</c> items: parameters addressed to one of several components, e.g.
    /// <c>lime.gamma=0.7</c>, or with no owner (null) to every component that takes the name.
    /// </summary>
    /// <exception cref="LumosException">An item has no '=', or nothing before a '.'.</exception>
    public static IEnumerable<(string? Owner, KeyValuePair<string, string> Pair)> ParseOwnedPairs(IEnumerable<string> items) =>
        ParsePairs(items).Select(pair =>
        {
            int dot = pair.Key.IndexOf('.');
            if (dot == 0) throw LumosException.Usage($"-p '{pair.Key}={pair.Value}': expected [method.]name=value, e.g. lime.gamma=0.7");
            return dot < 0 ? ((string?)null, pair) : (pair.Key[..dot], new KeyValuePair<string, string>(pair.Key[(dot + 1)..], pair.Value));
        });

    private static object Parse(ParameterInfo parameter, string text, string owner)
    {
        var type = parameter.Type;
        try
        {
            if (type == typeof(double)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (type == typeof(float)) return float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (type == typeof(int)) return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (type == typeof(bool)) return text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new FormatException(),
            };
            if (type == typeof(string)) return text;
            if (type.IsEnum)
            {
                var match = Enum.GetNames(type).FirstOrDefault(n => Kebab(n) == text.ToLowerInvariant() || n.Equals(text, StringComparison.OrdinalIgnoreCase));
                if (match is not null) return Enum.Parse(type, match);
                throw new FormatException();
            }
            if (type == typeof(double[]))
                // Commas (or semicolons) between numbers, or spaces; an empty item ("15,,80") is a typo, not nothing.
                return text.Split([',', ';'], StringSplitOptions.TrimEntries)
                    .SelectMany(item => item.Length == 0 ? throw new FormatException() : item.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            var expected = type.IsEnum ? $"one of {parameter.RangeText}" : $"a {FriendlyType(type)}";
            throw LumosException.Usage($"{owner}: {parameter.Name}='{text}' is not {expected}");
        }
        throw new LumosException($"{owner}: parameter {parameter.Name} has unsupported type {type.Name}");
    }

    private static string FriendlyType(Type type) =>
        type == typeof(int) ? "whole number" : type == typeof(bool) ? "true/false value" : type == typeof(double[]) ? "comma-separated list of numbers" : "number";

    /// <summary>Six decimals at most, or an exponent for a value below a millionth, so that a range such as [1e-8, 1] never reads [0, 1].</summary>
    private static string Number(double value) =>
        value != 0 && Math.Abs(value) < 1e-6 ? value.ToString("0.#####E+0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>Formats a parameter value as the command line would accept it.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        float f => Number(f),
        bool b => b ? "true" : "false",
        Enum e => Kebab(e.ToString()),
        double[] list => string.Join(',', list.Select(Number)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>PascalCase to kebab-case: <c>ClipLimit</c> → <c>clip-limit</c>.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

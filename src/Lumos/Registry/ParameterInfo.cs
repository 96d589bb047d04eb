using System.Reflection;

namespace Lumos.Registry;

/// <summary>One settable option of a component, as the command line sees it.</summary>
/// <param name="Name">Kebab-case name, e.g. <c>clip-limit</c>.</param>
/// <param name="Description">What it does, from its <see cref="System.ComponentModel.DescriptionAttribute"/>.</param>
/// <param name="Type">The property type (number, bool, enum, ...).</param>
/// <param name="Default">Its default value.</param>
/// <param name="Min">Smallest allowed value, if bounded.</param>
/// <param name="Max">Largest allowed value, if bounded.</param>
/// <param name="Property">The options record property behind it.</param>
/// <param name="Path">The nested options records that lead to <paramref name="Property"/> from the component's own record (empty when it is the record's own).</param>
public sealed record ParameterInfo(string Name, string Description, Type Type, object? Default, double? Min, double? Max, PropertyInfo Property, PropertyInfo[] Path)
{
    /// <summary>The value in <paramref name="options"/> (the component's own record), through any nested records.</summary>
    public object? GetValue(object options) => Property.GetValue(Path.Aggregate(options, (owner, step) => step.GetValue(owner)!));

    /// <summary>
    /// Sets the value in <paramref name="options"/>, which the binder has just created. A nested record is copied
    /// before it is changed and the copy put back, so a record shared with another options instance stays as it was.
    /// </summary>
    public void SetValue(object options, object? value) => Set(options, 0, value);

    private void Set(object owner, int depth, object? value)
    {
        if (depth == Path.Length)
        {
            Property.SetValue(owner, value);
            return;
        }
        var nested = Copy(Path[depth].GetValue(owner)!);
        Set(nested, depth + 1, value);
        Path[depth].SetValue(owner, nested);
    }

    private static object Copy(object record) =>
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(record, null)!;

    /// <summary>True for an option that names a file or a shipped model (<see cref="FileParameterAttribute"/>).</summary>
    public bool IsFile => Property.GetCustomAttribute<FileParameterAttribute>() is not null;

    /// <summary>The allowed values, for enums; empty otherwise.</summary>
    public IReadOnlyList<string> Choices => Type.IsEnum ? Enum.GetNames(Type).Select(OptionsBinder.Kebab).ToArray() : [];

    /// <summary>The default as typed on the command line.</summary>
    public string DefaultText => OptionsBinder.Format(Default);

    /// <summary>A short range or choice description, e.g. <c>[0.1, 10]</c> or <c>y|v|per-channel</c>.</summary>
    public string RangeText => Type.IsEnum ? string.Join('|', Choices)
        : Type == typeof(bool) ? "true|false"
        : Min is null && Max is null ? ""
        : $"[{OptionsBinder.Format(Min)}, {OptionsBinder.Format(Max)}]";
}

/// <summary>Name lookups in a component's parameters, matched as the binder matches them (trimmed, any case).</summary>
public static class ParameterLists
{
    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public static ParameterInfo? Named(this IEnumerable<ParameterInfo> parameters, string name) =>
        parameters.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether there is a parameter named <paramref name="name"/>.</summary>
    public static bool Takes(this IEnumerable<ParameterInfo> parameters, string name) => parameters.Named(name) is not null;

    /// <summary>Every parameter's value as run, by name: the last value given for it, or its default.</summary>
    public static Dictionary<string, string> ValuesAsRun(this IEnumerable<ParameterInfo> parameters, IEnumerable<KeyValuePair<string, string>> given) =>
        parameters.ToDictionary(p => p.Name,
            p => given.LastOrDefault(g => g.Key.Trim().Equals(p.Name, StringComparison.OrdinalIgnoreCase)).Value?.Trim() ?? p.DefaultText);
}

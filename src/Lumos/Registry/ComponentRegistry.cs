using System.Reflection;

namespace Lumos.Registry;

/// <summary>A registered component type: its name, description, citation and parameters.</summary>
/// <typeparam name="T">The component interface (e.g. an enhancement method).</typeparam>
public sealed class ComponentInfo<T> where T : class
{
    private readonly ConstructorInfo constructor;

    internal ComponentInfo(Type type, RegisteredAttribute attribute)
    {
        Type = type;
        Name = attribute.Name;
        Summary = attribute.Summary;
        Citation = attribute.Citation;
        constructor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault(c => c.GetParameters().Length <= 1)
            ?? throw new InvalidOperationException($"{type.Name} needs a public constructor taking nothing or one options record");
        OptionsType = constructor.GetParameters().FirstOrDefault()?.ParameterType;
        Parameters = OptionsType is null ? [] : OptionsBinder.Describe(OptionsType);
    }

    /// <summary>Command-line name.</summary>
    public string Name { get; }

    /// <summary>One-line description.</summary>
    public string Summary { get; }

    /// <summary>The paper or source it follows.</summary>
    public string Citation { get; }

    /// <summary>The implementing type.</summary>
    public Type Type { get; }

    /// <summary>Its options record type, or null when it has no options.</summary>
    public Type? OptionsType { get; }

    /// <summary>Its settable parameters with defaults and ranges.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>Builds the component from its defaults overridden by <c>name=value</c> pairs.</summary>
    /// <exception cref="LumosException">A parameter is unknown, unparsable or out of range.</exception>
    public T Create(IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var given = parameters?.ToArray() ?? [];
        if (OptionsType is null)
        {
            if (given.Length > 0) OptionsBinder.Bind(typeof(NoOptions), Name, given);
            return (T)constructor.Invoke([]);
        }
        return Create(OptionsBinder.Bind(OptionsType, Name, given));
    }

    /// <summary>Builds the component from a ready options record.</summary>
    public T Create(object options)
    {
        OptionsBinder.Validate(options, Name);
        try { return (T)constructor.Invoke([options]); }
        catch (TargetInvocationException e) when (e.InnerException is LumosException inner) { throw inner; }
    }

    private sealed record NoOptions;
}

/// <summary>
/// Finds every class marked <see cref="RegisteredAttribute"/> that implements <typeparamref name="T"/>
/// in the given assemblies, and builds them by name.
/// </summary>
/// <typeparam name="T">The component interface.</typeparam>
public sealed class ComponentRegistry<T> where T : class
{
    private readonly Lock gate = new();
    private readonly HashSet<Assembly> scanned = [];
    // Replaced whole on each addition, never changed in place: lookups from many threads need no lock.
    private volatile Dictionary<string, ComponentInfo<T>> byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry of the components found in <paramref name="assemblies"/>.</summary>
    public ComponentRegistry(string kind, params Assembly[] assemblies)
    {
        Kind = kind;
        foreach (var assembly in assemblies) Add(assembly);
    }

    /// <summary>
    /// A registry of the components in <see cref="LumosAssemblies.Find"/> that also takes every assembly given to
    /// <see cref="LumosAssemblies.Add"/> later.
    /// </summary>
    public static ComponentRegistry<T> OfLumosAssemblies(string kind)
    {
        var registry = new ComponentRegistry<T>(kind);
        LumosAssemblies.OnAdded(registry.Add); // before the scan, so an assembly added meanwhile is not missed
        foreach (var assembly in LumosAssemblies.Find()) registry.Add(assembly);
        return registry;
    }

    /// <summary>Registers the components of <paramref name="assembly"/>; an assembly already added changes nothing.</summary>
    /// <exception cref="InvalidOperationException">A component's name is taken by another type.</exception>
    public void Add(Assembly assembly)
    {
        lock (gate)
        {
            if (!scanned.Add(assembly)) return;
            var next = new Dictionary<string, ComponentInfo<T>>(byName, StringComparer.OrdinalIgnoreCase);
            foreach (var type in LoadableTypes(assembly))
            {
                var attribute = type.GetCustomAttribute<RegisteredAttribute>();
                if (attribute is null || !typeof(T).IsAssignableFrom(type) || type.IsAbstract) continue;
                if (!next.TryAdd(attribute.Name, new ComponentInfo<T>(type, attribute)))
                    throw new InvalidOperationException($"two {Kind}s are registered as '{attribute.Name}'");
            }
            byName = next;
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    /// <summary>What the registry holds, e.g. "method"; used in messages.</summary>
    public string Kind { get; }

    /// <summary>All registered components, sorted by name.</summary>
    public IReadOnlyList<ComponentInfo<T>> All => byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    /// <summary>True when a component is registered as <paramref name="name"/>.</summary>
    public bool Contains(string name) => byName.ContainsKey(name.Trim());

    /// <summary>The component called <paramref name="name"/>.</summary>
    /// <exception cref="LumosException">No such name.</exception>
    public ComponentInfo<T> Get(string name) =>
        byName.TryGetValue(name.Trim(), out var info) ? info
        : throw LumosException.Usage($"unknown {Kind} '{name}' (known: {string.Join(", ", All.Select(c => c.Name))})");

    /// <summary>Builds <paramref name="name"/> with <c>name=value</c> parameter overrides.</summary>
    public T Create(string name, IEnumerable<KeyValuePair<string, string>>? parameters = null) => Get(name).Create(parameters);
}

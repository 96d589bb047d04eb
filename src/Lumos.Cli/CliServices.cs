using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli;

/// <summary>What every command writes to: the rich console for results, a plain writer for errors, a live one for progress.</summary>
/// <param name="Console">Standard output as a Spectre console.</param>
/// <param name="Error">Standard error.</param>
/// <param name="OutputIsTerminal">True when standard output is a terminal, false when it is redirected to a file or a pipe.</param>
/// <param name="Progress">Standard error as a live console when it is a terminal (progress bars, see <see cref="LiveProgress"/>); otherwise null.</param>
public sealed record CliServices(IAnsiConsole Console, TextWriter Error, bool OutputIsTerminal, IAnsiConsole? Progress)
{
    /// <summary>True when a command prints a plain line per file: nobody sees a bar, or standard output is read by a program.</summary>
    public bool PlainLines => Progress is null || !OutputIsTerminal;

    /// <summary>
    /// Writes one error line to standard error in the CLI's words (<see cref="LumosApp.InCliWords"/>), above the live
    /// bar when one is drawn (so neither garbles the other).
    /// </summary>
    public void WriteError(string line)
    {
        line = LumosApp.InCliWords(line);
        if (Progress is null) Error.WriteLine(line);
        else Progress.WriteLine(line);
    }
}

/// <summary>
/// A minimal type registrar so commands get <see cref="CliServices"/> through their constructor;
/// it also serves Spectre's own registrations, including several per service (IEnumerable).
/// </summary>
internal sealed class ServiceRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, List<Func<object>>> factories = [];

    public ServiceRegistrar(CliServices services) => RegisterInstance(typeof(CliServices), services);

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));
    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);
    public void RegisterLazy(Type service, Func<object> factory) => Add(service, factory);
    public ITypeResolver Build() => this;

    public object? Resolve(Type? type)
    {
        if (type is null) return null;
        if (factories.TryGetValue(type, out var list)) return list[^1]();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = type.GetGenericArguments()[0];
            var all = factories.TryGetValue(element, out var many) ? many.Select(f => f()).ToArray() : [];
            var array = Array.CreateInstance(element, all.Length);
            Array.Copy(all, array, all.Length);
            return array;
        }
        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!factories.TryGetValue(service, out var list)) factories[service] = list = [];
        list.Add(factory);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray());
    }
}

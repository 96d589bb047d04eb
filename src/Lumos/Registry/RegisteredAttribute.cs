namespace Lumos.Registry;

/// <summary>
/// Marks a class as a named Lumos component (a method, a measure, ...). <see cref="ComponentRegistry{T}"/>
/// finds it by this attribute, so adding a component is one file: no list elsewhere to edit.
/// The class has a public constructor taking either nothing or one options record.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RegisteredAttribute(string name, string summary) : Attribute
{
    /// <summary>Name used on the command line and in reports, lower case.</summary>
    public string Name { get; } = name;

    /// <summary>One-line description.</summary>
    public string Summary { get; } = summary;

    /// <summary>The paper or source the component follows.</summary>
    public string Citation { get; init; } = "";
}

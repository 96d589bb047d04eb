namespace Lumos.Registry;

/// <summary>
/// Marks an option that names a file (a checkpoint, a model), or the name of a model shipped in
/// <see cref="ShippedModels.Folder"/>: the CLI opens what it is given, the web server only shipped names.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FileParameterAttribute : Attribute;

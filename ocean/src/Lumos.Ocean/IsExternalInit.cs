#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

// Lets netstandard2.1 compile records and init accessors (the type ships with .NET 5+).
internal static class IsExternalInit
{
}
#endif

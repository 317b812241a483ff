using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The 400 messages for request text that is not valid (invalid UTF-8, lone surrogates). Each names where the
/// text is, as a dotted path in the style of the schema errors (http-api.md §4.2); a property name that cannot be
/// read appears in the path with U+FFFD in place of its faults.
/// </summary>
internal static class InvalidTextMessages
{
    /// <summary>Step 7 (schema): <c>model: Invalid input: not valid text (…)</c>.</summary>
    public static string Field(string path) => $"{path}: Invalid input: not valid text ({JsonText.Fault})";

    /// <summary>Step 7 (schema), a property name: <c>messages.0.x�: Invalid input: property name is not valid text (…)</c>.</summary>
    public static string PropertyName(string path) => $"{path}: Invalid input: property name is not valid text ({JsonText.Fault})";

    /// <summary>After a step's own prefix (<c>Invalid stop: </c>): <c>stop.1 is not valid text (…)</c>.</summary>
    public static string At(string path) => $"{path} is not valid text ({JsonText.Fault})";

    /// <summary>A path under <paramref name="parent"/>; <paramref name="path"/> is relative (<c>""</c> for the parent itself).</summary>
    public static string Under(string parent, string path) => path.Length == 0 ? parent : $"{parent}.{path}";
}

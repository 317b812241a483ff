using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>The embedded SQLite session store (<c>OpenClaw:Storage</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "OpenClaw:Storage";

    /// <summary>SQLite file; default <c>&lt;stateDir&gt;/openclaw-dotnet.sqlite</c>.</summary>
    public string? Path { get; set; }

    /// <summary><c>full</c>: every committed turn survives power loss; <c>normal</c>: survives a process crash.</summary>
    [RegularExpression("^(full|normal)$", ErrorMessage = "OpenClaw:Storage:Synchronous must be 'full' or 'normal'.")]
    public string Synchronous { get; set; } = "full";
}

[OptionsValidator]
internal sealed partial class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>;

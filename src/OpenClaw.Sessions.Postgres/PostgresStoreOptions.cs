using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OpenClaw.Sessions.Postgres;

/// <summary>The PostgreSQL session store (<c>OpenClaw:Storage</c>, <c>Provider=postgres</c>).</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The configuration section these settings bind from.</summary>
    public const string SectionName = "OpenClaw:Storage";

    /// <summary>An Npgsql connection string (<c>OpenClaw__Storage__ConnectionString</c>).</summary>
    [Required(ErrorMessage = "OpenClaw:Storage:ConnectionString is required when OpenClaw:Storage:Provider is 'postgres'.")]
    public string? ConnectionString { get; set; }
}

[OptionsValidator]
internal sealed partial class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>;

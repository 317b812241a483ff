using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// A prepared statement run through SQLitePCLRaw on a <see cref="SqliteConnection"/>'s handle, inside whatever
/// transaction that connection has open. The writer uses it for the writes every turn makes: through
/// <see cref="SqliteCommand"/>, each execution allocates a data reader and a binder per parameter and boxes every
/// number (a session row has 28 columns and is written twice per turn). Parameters are bound by the index
/// <see cref="IndexOf"/> resolves once; text is bound from the string's own UTF-16 chars, without a copy in .NET.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly SqliteConnection _connection;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        Handle = statement;
    }

    public sqlite3_stmt Handle { get; }

    /// <summary>The index of the named parameter (with its prefix, e.g. <c>$session_key</c>).</summary>
    public int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(Handle, name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
    }

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(Handle, index) : raw.sqlite3_bind_text16(Handle, index, value.AsSpan()));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(Handle, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } number ? raw.sqlite3_bind_int64(Handle, index, number) : raw.sqlite3_bind_null(Handle, index));

    /// <summary>Runs the bound statement; returns the rows it changed. Bindings are cleared either way.</summary>
    public int Execute()
    {
        try
        {
            var done = raw.sqlite3_step(Handle);
            return done == raw.SQLITE_DONE ? raw.sqlite3_changes(_connection.Handle) : throw Failure(done);
        }
        finally
        {
            raw.sqlite3_reset(Handle);
            raw.sqlite3_clear_bindings(Handle);
        }
    }

    /// <summary>Runs the bound query; returns the first column of its first row. Bindings are cleared either way.</summary>
    public long QueryInt64()
    {
        try
        {
            var row = raw.sqlite3_step(Handle);
            return row == raw.SQLITE_ROW ? raw.sqlite3_column_int64(Handle, 0) : throw Failure(row);
        }
        finally
        {
            raw.sqlite3_reset(Handle);
            raw.sqlite3_clear_bindings(Handle);
        }
    }

    public void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc);
        }
    }

    public SqliteException Failure(int rc) =>
        new(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_connection.Handle));

    public void Dispose() => Handle.Dispose();
}

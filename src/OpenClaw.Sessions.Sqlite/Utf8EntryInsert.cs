using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using SQLitePCL;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// Inserts a transcript entry whose JSON is already UTF-8 (a turn's user entry) by binding those bytes as text
/// directly. Through <see cref="SqliteParameter"/> the same entry would pass as a .NET string (twice its size as
/// UTF-16) or as a blob cast to text (an extra copy inside SQLite): a 20 MiB prompt would cost tens of MiB more.
/// The statement runs on the writer's connection, inside its open transaction.
/// </summary>
internal sealed partial class Utf8EntryInsert : IDisposable
{
    private const string Sql =
        "INSERT INTO transcript_entries (session_id, seq, entry_id, parent_id, type, timestamp, payload_json) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);";

    /// <summary>True unless SQLitePCLRaw runs on another native SQLite than the bundled one this class binds through.</summary>
    private static bool _staticBindMissing = !RunsOnBundledSqlite();

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public Utf8EntryInsert(SqliteConnection connection)
    {
        _connection = connection;
        Check(raw.sqlite3_prepare_v2(connection.Handle, Sql, out _statement));
    }

    public void Run(TranscriptEntry entry, byte[] payload)
    {
        unsafe
        {
            fixed (byte* text = payload)
            {
                try
                {
                    Check(raw.sqlite3_bind_text(_statement, 1, entry.SessionId));
                    Check(raw.sqlite3_bind_int64(_statement, 2, entry.Seq));
                    Check(raw.sqlite3_bind_text(_statement, 3, entry.EntryId));
                    Check(entry.ParentId is { } parent ? raw.sqlite3_bind_text(_statement, 4, parent) : raw.sqlite3_bind_null(_statement, 4));
                    Check(raw.sqlite3_bind_text(_statement, 5, entry.Type));
                    Check(raw.sqlite3_bind_text(_statement, 6, entry.Timestamp));
                    Check(BindPayload(text, payload));
                    var done = raw.sqlite3_step(_statement);
                    if (done != raw.SQLITE_DONE)
                    {
                        throw Failure(done);
                    }
                }
                finally
                {
                    // Unbound while the array is still pinned: SQLite never sees the pointer again.
                    raw.sqlite3_reset(_statement);
                    raw.sqlite3_clear_bindings(_statement);
                }
            }
        }
    }

    /// <summary>
    /// Binds the payload with SQLITE_STATIC, so SQLite reads the pinned array in place (SQLitePCLRaw binds with
    /// SQLITE_TRANSIENT, a copy of 20 MiB for a 20 MiB prompt); where the bundled native library cannot be reached,
    /// the copying bind.
    /// </summary>
    private unsafe int BindPayload(byte* text, byte[] payload)
    {
        // An empty array pins to a null pointer, which SQLite would store as NULL rather than "".
        if (!_staticBindMissing && payload.Length > 0)
        {
            try
            {
                return BindTextStatic(_statement.DangerousGetHandle(), 7, text, payload.Length, IntPtr.Zero);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _staticBindMissing = true;
            }
        }

        return payload.Length == 0 ? raw.sqlite3_bind_text(_statement, 7, "") : raw.sqlite3_bind_text(_statement, 7, payload.AsSpan());
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc);
        }
    }

    private SqliteException Failure(int rc) =>
        new(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_connection.Handle));

    private static bool RunsOnBundledSqlite()
    {
        try
        {
            return string.Equals(raw.GetNativeLibraryName(), "e_sqlite3", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotImplementedException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The bundled SQLite (SQLitePCLRaw.bundle_e_sqlite3) that the connection itself runs on.</summary>
    [System.Runtime.InteropServices.LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
    private static unsafe partial int BindTextStatic(IntPtr statement, int index, byte* text, int length, IntPtr destructor);
}

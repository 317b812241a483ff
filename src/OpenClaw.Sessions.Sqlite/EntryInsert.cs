using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using SQLitePCL;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// Inserts a transcript entry on the writer's connection, inside its open transaction. An entry whose JSON is already
/// UTF-8 (a turn's user entry) is bound from those bytes as text directly: through <see cref="SqliteParameter"/> the
/// same entry would pass as a .NET string (twice its size as UTF-16) or as a blob cast to text (an extra copy inside
/// SQLite), and a 20 MiB prompt would cost tens of MiB more.
/// </summary>
internal sealed partial class EntryInsert : IDisposable
{
    private const string Sql =
        "INSERT INTO transcript_entries (session_id, seq, entry_id, parent_id, type, timestamp, payload_json) " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);";

    private const int Payload = 7;

    /// <summary>True unless SQLitePCLRaw runs on another native SQLite than the bundled one this class binds through.</summary>
    private static bool _staticBindMissing = !RunsOnBundledSqlite();

    private readonly RawStatement _statement;

    public EntryInsert(SqliteConnection connection) => _statement = new RawStatement(connection, Sql);

    public void Run(TranscriptEntry entry)
    {
        if (entry.PayloadUtf8 is not { } payload)
        {
            BindColumns(entry);
            _statement.Bind(Payload, entry.PayloadJson);
            _statement.Execute();
            return;
        }

        unsafe
        {
            fixed (byte* text = payload)
            {
                // Executed (and its bindings cleared) while the array is still pinned: SQLite never sees the pointer again.
                BindColumns(entry);
                _statement.Check(BindPayload(text, payload));
                _statement.Execute();
            }
        }
    }

    public void Dispose() => _statement.Dispose();

    private void BindColumns(TranscriptEntry entry)
    {
        _statement.Bind(1, entry.SessionId);
        _statement.Bind(2, entry.Seq);
        _statement.Bind(3, entry.EntryId);
        _statement.Bind(4, entry.ParentId);
        _statement.Bind(5, entry.Type);
        _statement.Bind(6, entry.Timestamp);
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
                return BindTextStatic(_statement.Handle.DangerousGetHandle(), Payload, text, payload.Length, IntPtr.Zero);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _staticBindMissing = true;
            }
        }

        return payload.Length == 0 ? raw.sqlite3_bind_text(_statement.Handle, Payload, "") : raw.sqlite3_bind_text(_statement.Handle, Payload, payload.AsSpan());
    }

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

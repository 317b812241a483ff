using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenClaw.Testing;

/// <summary>
/// A PostgreSQL server for tests, one per test process: the one <see cref="ConnectionVariable"/> names (an admin
/// connection string; CI points it at the cluster it started), else a private cluster run from the OS package's
/// binaries (<c>/usr/lib/postgresql/*/bin</c>) in a temp dir on a free loopback port, stopped when the process exits.
/// Each test takes a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer
{
    /// <summary>An admin connection string of a running server to use instead of a private cluster.</summary>
    public const string ConnectionVariable = "OPENCLAW_TEST_POSTGRES";

    /// <summary>CI sets it: no server then fails the tests that need one instead of skipping them.</summary>
    public const string RequireVariable = "OPENCLAW_REQUIRE_POSTGRES";

    public const string InstallHint = "install PostgreSQL (apt-get install postgresql) or set " + ConnectionVariable;

    private static readonly Lazy<Task<PostgresServer?>> Shared = new(StartAsync);

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>Connects as a superuser to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// The shared server, started on first use; null when there is none and <see cref="RequireVariable"/> is unset
    /// (the caller skips, naming <see cref="InstallHint"/>).
    /// </summary>
    public static async Task<PostgresServer?> GetAsync()
    {
        var server = await Shared.Value.ConfigureAwait(false);
        if (server is null && Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 })
        {
            throw new InvalidOperationException($"No PostgreSQL server for the tests, and {RequireVariable} is set: {InstallHint}.");
        }

        return server;
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "openclaw_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE DATABASE {name};").ConfigureAwait(false);
        // A small pool per database: test classes run in parallel on one server.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ToString();
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);").ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<PostgresServer?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            return new PostgresServer(configured);
        }

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return bin is null ? null : await PrivateCluster.StartAsync(bin).ConfigureAwait(false);
    }

    /// <summary>A throwaway cluster: <c>initdb</c> with trust auth, no fsync, started with <c>pg_ctl</c>.</summary>
    private static class PrivateCluster
    {
        private const string DirPrefix = "openclaw-postgres-";

        public static async Task<PostgresServer> StartAsync(string bin)
        {
            RemoveStopped();
            var dir = Directory.CreateTempSubdirectory(DirPrefix).FullName;
            var data = Path.Combine(dir, "data");
            var port = FreePort();

            // initdb refuses to run as root: the package's postgres user owns the cluster then.
            var asUser = Environment.UserName == "root" ? "postgres" : null;
            if (asUser is not null)
            {
                await RunAsync("chown", ["-R", asUser, dir], null).ConfigureAwait(false);
            }

            await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asUser).ConfigureAwait(false);
            await RunAsync(
                Path.Combine(bin, "pg_ctl"),
                ["-D", data, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"],
                asUser).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asUser);
                RemoveStopped();
            };
            return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        }

        /// <summary>
        /// Deletes the clusters of earlier test runs that are no longer running (no <c>postmaster.pid</c>); one younger
        /// than a minute may be another test process's, still being created.
        /// </summary>
        private static void RemoveStopped()
        {
            foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
            {
                if (!File.Exists(Path.Combine(stale, "data", "postmaster.pid")) && DateTime.UtcNow - Directory.GetCreationTimeUtc(stale) > TimeSpan.FromMinutes(1))
                {
                    try
                    {
                        Directory.Delete(stale, recursive: true);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Another user's, or still in use: left for a later run.
                    }
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task RunAsync(string file, string[] args, string? asUser)
        {
            using var process = Start(file, args, asUser);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
            }
        }

        private static void Run(string file, string[] args, string? asUser)
        {
            using var process = Start(file, args, asUser);
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        private static Process Start(string file, string[] args, string? asUser)
        {
            var start = new ProcessStartInfo(asUser is null ? file : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
            if (asUser is not null)
            {
                foreach (var arg in new[] { "-u", asUser, "--", file })
                {
                    start.ArgumentList.Add(arg);
                }
            }

            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return Process.Start(start)!;
        }
    }
}

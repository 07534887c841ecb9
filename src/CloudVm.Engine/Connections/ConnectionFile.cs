using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudVm.Json;

namespace CloudVm.Connections
{
    /// <summary>The per-user file of saved connections: %APPDATA%\CloudVm on Windows, $XDG_CONFIG_HOME/cloudvm or
    /// ~/.config/cloudvm elsewhere ($env:CLOUDVM_CONFIG_DIR overrides both). The folder and file are made readable by
    /// the user only. Secrets are never written here.</summary>
    public static class ConnectionFile
    {
        public static string Directory
        {
            get
            {
                var dir = Environment.GetEnvironmentVariable("CLOUDVM_CONFIG_DIR");
                if (!string.IsNullOrEmpty(dir)) return dir!;
                if (Environment.OSVersion.Platform == PlatformID.Win32NT)
                    return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "CloudVm");
                var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".config") : xdg!, "cloudvm");
            }
        }

        public static string FilePath => Path.Combine(Directory, "connections.json");

        public static List<CloudVmConnection> Read()
        {
            var path = FilePath;
            if (!File.Exists(path)) return new List<CloudVmConnection>();
            JsonDocument doc;
            try
            {
                // Shared for delete too: a save replaces the file by renaming over it, which an open reader must not block.
                byte[] bytes;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var memory = new MemoryStream())
                {
                    stream.CopyTo(memory);
                    bytes = memory.ToArray();
                }
                doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            }
            catch (FileNotFoundException)
            {
                return new List<CloudVmConnection>();
            }
            catch (JsonException e)
            {
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connections file {path} cannot be read: {e.Message}") { RecommendedAction = "Fix or delete the file; Connect-CloudVm -SaveAs writes it again." };
            }
            using (doc)
            {
                var list = doc.RootElement.Arr("connections") ?? throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connections file {path} has no 'connections' list.");
                return list.EnumerateArray().Select(c => new CloudVmConnection
                {
                    Name = c.Str("name") ?? "",
                    Provider = CloudProvider.TryParse(c.Str("provider"), out var p) ? p : throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connection '{c.Str("name")}' names an unknown provider '{c.Str("provider")}'."),
                    Endpoint = c.Str("endpoint") is string e ? (Uri.TryCreate(e, UriKind.Absolute, out var u) ? u : throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connection '{Input.Neutralize(c.Str("name"))}' in {path} has an endpoint that is not an absolute URL.")) : null,
                    Region = c.Str("region"),
                    TenantId = c.Str("tenantId"),
                    AuthHeader = c.Str("authHeader"),
                    MaxPollIntervalSeconds = c.Num("maxPollIntervalSeconds"),
                    RequestTimeoutSeconds = c.Num("requestTimeoutSeconds"),
                    MaxResponseSizeMB = c.Num("maxResponseSizeMB"),
                    MaxRetryAfterSeconds = c.Num("maxRetryAfterSeconds"),
                    ThrottleLimit = c.Whole("throttleLimit"),
                    SecretStore = Enum.TryParse<CloudVmSecretStore>(c.Str("secretStore"), true, out var s) ? s : CloudVmSecretStore.Environment,
                    Vault = c.Str("vault"),
                    SecretName = c.Str("secretName"),
                    SecretOwned = c.Bool("secretOwned") ?? false,
                    SavedAt = c.Date("savedAt") ?? DateTimeOffset.MinValue,
                }).ToList();
            }
        }

        /// <summary>Read-modify-write of the saved connections under the store's lock: many processes saving at once (scheduled
        /// tasks) all keep their changes, and a reader never sees a partial file (the file is replaced, never rewritten).</summary>
        public static void Update(Func<List<CloudVmConnection>, List<CloudVmConnection>> change)
        {
            var dir = EnsureDirectory();
            using (Lock(dir))
                Write(change(Read()));
        }

        static void Write(IEnumerable<CloudVmConnection> connections)
        {
            var list = new JsonArray();
            foreach (var c in connections.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            {
                var o = new JsonObject { ["name"] = c.Name, ["provider"] = c.Provider.ToString() };
                if (c.Endpoint != null) o["endpoint"] = c.Endpoint.AbsoluteUri;
                if (c.Region != null) o["region"] = c.Region;
                if (c.TenantId != null) o["tenantId"] = c.TenantId;
                if (c.AuthHeader != null) o["authHeader"] = c.AuthHeader;
                if (c.MaxPollIntervalSeconds != null) o["maxPollIntervalSeconds"] = c.MaxPollIntervalSeconds;
                if (c.RequestTimeoutSeconds != null) o["requestTimeoutSeconds"] = c.RequestTimeoutSeconds;
                if (c.MaxResponseSizeMB != null) o["maxResponseSizeMB"] = c.MaxResponseSizeMB;
                if (c.MaxRetryAfterSeconds != null) o["maxRetryAfterSeconds"] = c.MaxRetryAfterSeconds;
                if (c.ThrottleLimit != null) o["throttleLimit"] = c.ThrottleLimit;
                o["secretStore"] = c.SecretStore.ToString();
                if (c.Vault != null) o["vault"] = c.Vault;
                if (c.SecretName != null) o["secretName"] = c.SecretName;
                o["secretOwned"] = c.SecretOwned;
                o["savedAt"] = c.SavedAt.ToString("O");
                list.Add(o);
            }
            var doc = new JsonObject { ["version"] = 1, ["connections"] = list };
            WriteAtomically(FilePath, System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        }

        /// <summary>Writes a file of the store as OpenSSH writes its own: a uniquely named temp file beside it, created
        /// exclusively (so a link planted at that name is never followed: the create fails instead) and readable by the user
        /// only from its first byte, flushed, then renamed over the file in one step.</summary>
        public static void WriteAtomically(string path, byte[] bytes)
        {
            var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = CreateExclusive(temp))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
#if NET8_0_OR_GREATER
                File.Move(temp, path, overwrite: true);
#else
                if (File.Exists(path)) File.Replace(temp, path, null, ignoreMetadataErrors: true);
                else File.Move(temp, path);
#endif
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                try { if (File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"CloudVm could not write {path}: {e.Message}") { RecommendedAction = $"Check the folder {Path.GetDirectoryName(path)}: it must be yours and writable by you only." };
            }
        }

        /// <summary>A new file, failing if anything (a file, a link) is at the name; user read/write only from the start.</summary>
        static FileStream CreateExclusive(string path)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            var security = new System.Security.AccessControl.FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            var me = System.Security.Principal.WindowsIdentity.GetCurrent().User!;
            security.AddAccessRule(new System.Security.AccessControl.FileSystemAccessRule(me, System.Security.AccessControl.FileSystemRights.FullControl, System.Security.AccessControl.AccessControlType.Allow));
            return new FileInfo(path).Create(FileMode.CreateNew, System.Security.AccessControl.FileSystemRights.Write | System.Security.AccessControl.FileSystemRights.Read, FileShare.None, 4096, FileOptions.None, security);
#else
            // Windows PowerShell 5.1: the file inherits the ACL of the user's own profile folder (%APPDATA%).
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
#endif
        }

        /// <summary>The store's lock: an exclusive lock on a lock file beside the connections (flock on Unix, a share-none
        /// open on Windows), waited for up to 30 s, released when disposed.</summary>
        static FileStream Lock(string dir)
        {
            var path = Path.Combine(dir, "connections.lock");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var delay = 5;
            while (true)
            {
                try
                {
#if NET8_0_OR_GREATER
                    if (!OperatingSystem.IsWindows())
                        return new FileStream(path, new FileStreamOptions
                        {
                            Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None,
                            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        });
#endif
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
                {
                    System.Threading.Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 100);
                }
                catch (IOException e)
                {
                    throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connections in {dir} stayed locked for 30 s ({e.Message}).") { RecommendedAction = "Another CloudVm may be stuck saving; try again." };
                }
            }
        }

        /// <summary>The store's folder, made for the user only when CloudVm creates it. A folder that exists is never
        /// changed: one that other users can write (or a link to one) is refused, naming it, as OpenSSH refuses such a
        /// ~/.ssh.</summary>
        public static string EnsureDirectory()
        {
            var dir = Directory;
            if (!System.IO.Directory.Exists(dir))
            {
#if NET8_0_OR_GREATER
                if (!OperatingSystem.IsWindows())
                {
                    var parent = Path.GetDirectoryName(Path.GetFullPath(dir));
                    if (!string.IsNullOrEmpty(parent) && !System.IO.Directory.Exists(parent)) System.IO.Directory.CreateDirectory(parent!);
                    System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    return dir;
                }
#endif
                System.IO.Directory.CreateDirectory(dir);
                return dir;
            }
            CheckDirectory(dir);
            return dir;
        }

        static void CheckDirectory(string dir)
        {
#if NET8_0_OR_GREATER
            if (OperatingSystem.IsWindows()) return;
            var info = new DirectoryInfo(dir);
            var target = info.LinkTarget != null ? info.ResolveLinkTarget(returnFinalTarget: true) as DirectoryInfo ?? info : info;
            var mode = File.GetUnixFileMode(target.FullName);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                throw new CloudVmException(CloudVmErrorKind.InvalidArgument,
                    $"CloudVm does not keep saved connections in {dir}{(target != info ? $" (a link to {target.FullName})" : "")}: other users can write to it (mode {Convert.ToString((int)mode, 8)}), so they could replace what is saved there.")
                {
                    RecommendedAction = "Point $env:CLOUDVM_CONFIG_DIR at a folder only you can write (chmod 700), or leave it unset for ~/.config/cloudvm.",
                };
#endif
        }
    }
}

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
                doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
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
                    Provider = Enum.TryParse<CloudProvider>(c.Str("provider"), true, out var p) ? p : throw new CloudVmException(CloudVmErrorKind.InvalidArgument, $"The saved connection '{c.Str("name")}' names an unknown provider '{c.Str("provider")}'."),
                    Endpoint = c.Str("endpoint") is string e ? new Uri(e) : null,
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

        public static void Write(IEnumerable<CloudVmConnection> connections)
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
            EnsureDirectory();
            var path = FilePath;
            var temp = path + ".tmp";
            File.WriteAllText(temp, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            UserOnly(temp, false);
            if (File.Exists(path)) File.Delete(path);
            File.Move(temp, path);
        }

        public static void EnsureDirectory()
        {
            var dir = Directory;
            if (!System.IO.Directory.Exists(dir)) System.IO.Directory.CreateDirectory(dir);
            UserOnly(dir, true);
        }

        /// <summary>Read and write for the user only (0700 for the folder, 0600 for files) where the OS has Unix modes;
        /// on Windows the per-user %APPDATA% folder's permissions already keep other users out.</summary>
        public static void UserOnly(string path, bool directory)
        {
#if NET8_0_OR_GREATER
            if (OperatingSystem.IsWindows()) return;
            File.SetUnixFileMode(path, directory ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite);
#endif
        }
    }
}

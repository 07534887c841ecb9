using CloudVm.Connections;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Issue 19, row 4: a settings store as careful as OpenSSH's. Unix modes are checked where the OS has them;
/// these tests change CLOUDVM_CONFIG_DIR, so they share the "process" collection with the other tests that change the
/// process's environment.</summary>
[Collection("process")]
public sealed class SettingsStoreTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cloudvm-store-").FullName;
    readonly string? before = Environment.GetEnvironmentVariable("CLOUDVM_CONFIG_DIR");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", before);
        foreach (var d in Directory.GetDirectories(root, "*", SearchOption.AllDirectories))
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(root, true);
    }

    static CloudVmConnection Conn(string name) => new() { Name = name, Provider = CloudProvider.Gpcn, SecretStore = CloudVmSecretStore.Environment, SavedAt = DateTimeOffset.UtcNow };

    static void Save(string name) => ConnectionFile.Update(all => { all.RemoveAll(c => c.Name == name); all.Add(Conn(name)); return all; });

    const UnixFileMode Sticky1777 = (UnixFileMode)0x3FF;   // rwxrwxrwx + sticky (01777)

    [Fact]
    public void A_folder_other_users_can_write_is_refused_by_name_and_left_as_it_was()
    {
        if (OperatingSystem.IsWindows()) return;
        var shared = Path.Combine(root, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, Sticky1777);
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", shared);
        var e = Assert.Throws<CloudVmException>(() => Save("prod"));
        Assert.Contains(shared, e.Message);
        Assert.Contains("other users can write", e.Message);
        Assert.Equal(Sticky1777, File.GetUnixFileMode(shared));   // not chmod-ed to 700: its sticky bit kept
        Assert.Empty(Directory.GetFiles(shared));
    }

    [Fact]
    public void A_link_to_such_a_folder_is_refused_too()
    {
        if (OperatingSystem.IsWindows()) return;
        var shared = Path.Combine(root, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, Sticky1777);
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, shared);
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", link);
        var e = Assert.Throws<CloudVmException>(() => Save("prod"));
        Assert.Contains("a link to", e.Message);
        Assert.Equal(Sticky1777, File.GetUnixFileMode(shared));
    }

    [Fact]
    public void A_folder_CloudVm_makes_is_the_users_only_and_files_are_owner_only_from_the_start()
    {
        var dir = Path.Combine(root, "new", "cloudvm");
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", dir);
        Save("prod");
        Assert.Equal("prod", Assert.Single(ConnectionFile.Read()).Name);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConnectionFile.FilePath));
        // An existing private folder is used as it is, never chmod-ed.
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Save("test");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(dir));
    }

    [Fact]
    public void A_link_planted_where_a_temp_file_or_the_file_goes_never_has_its_target_written()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Path.Combine(root, "cloudvm");
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", dir);
        Save("first");
        var victim = Path.Combine(root, "victim.txt");
        File.WriteAllText(victim, "precious");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // The store's old fixed temp name: a link there made -SaveAs overwrite its target and chmod it 600. Temp names
        // are now unique and created exclusively, so no name can be planted ahead.
        File.CreateSymbolicLink(ConnectionFile.FilePath + ".tmp", victim);
        Save("second");
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(victim));
        Assert.Null(new FileInfo(ConnectionFile.FilePath).LinkTarget);
        Assert.Equal(new[] { "first", "second" }, ConnectionFile.Read().Select(c => c.Name).OrderBy(n => n));
    }

    [Fact]
    public async Task Four_writers_saving_forty_connections_each_at_once_keep_all_160_and_readers_never_see_a_partial_file()
    {
        Environment.SetEnvironmentVariable("CLOUDVM_CONFIG_DIR", Path.Combine(root, "busy"));
        Save("seed");
        using var stop = new CancellationTokenSource();
        var readerErrors = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
                try { ConnectionFile.Read(); }
                catch (CloudVmException) { Interlocked.Increment(ref readerErrors); }
        });
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 40; i++) Save($"w{w}-{i:00}");
        })).ToArray();
        await Task.WhenAll(writers);
        stop.Cancel();
        await reader;
        var names = ConnectionFile.Read().Select(c => c.Name).ToHashSet();
        Assert.Equal(161, names.Count);
        Assert.Equal(0, readerErrors);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "busy"), "*.tmp"));
    }
}


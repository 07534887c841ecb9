using CloudVm.Emulator;
using Xunit;

namespace CloudVm.Tests;

/// <summary>Issue 19, row 5: a VM name holding ESC [2J or CR/LF (a server's, or another tenant's on a shared VM) is shown
/// with those characters as escapes by the format views, errors, warnings and prompts; the object keeps the raw value.</summary>
public sealed class EscapeTests : IAsyncLifetime
{
    const string Evil = "web\u001b[2J\r\nFAKE: all VMs deleted\u0007";
    Emulator emu = null!;
    Pwsh ps = null!;

    public async Task InitializeAsync()
    {
        emu = await Emulator.StartAsync();
        var g = emu.Host.Gpcn;
        g.AddVm(Evil, "Running", g.Datacenters[0], g.Configurations[45], g.Images[12], null, false);
        ps = new Pwsh(emu.Clock);
        ps.Run("$s = Connect-CloudVm -Provider Gpcn -Endpoint $ep -ApiKey $key -Name s", ("ep", emu.Host.GpcnEndpoint), ("key", ApiCredential.Protect(emu.GpcnKey))).NoErrors();
    }

    public async Task DisposeAsync()
    {
        ps.Dispose();
        await emu.DisposeAsync();
    }

    static void Clean(string text)
    {
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain("\r\nFAKE", text);
        Assert.DoesNotContain("\nFAKE", text);
    }

    [Fact]
    public void Table_and_list_views_show_control_characters_as_escapes_and_the_object_keeps_them()
    {
        var r = ps.Run("$vm = Get-CloudVm | Where-Object { $_.Name.Contains('FAKE') }; $vm | Format-Table | Out-String; $vm | Format-List | Out-String; $vm.Name.Length");
        r.NoErrors();
        Assert.True(r.Output.Count == 3, string.Join("|", r.Output));
        var table = r.Output[0].ToString();
        var list = r.Output[1].ToString();
        Clean(table);
        Clean(list);
        Assert.Contains("web\\e[2J\\r\\nFAKE", table);
        Assert.Contains("\\u0007", list);
        Assert.Equal(Evil.Length, (int)r.Output[2].BaseObject);   // the raw value is kept
    }

    [Fact]
    public void WhatIf_prompts_and_errors_name_the_vm_with_escapes()
    {
        var r = ps.Run("Get-CloudVm | Where-Object { $_.Name.Contains('FAKE') } | Remove-CloudVm -WhatIf");
        r.NoErrors();
        Clean(r.HostText);
        Assert.Contains("web\\e[2J", r.HostText);

        emu.Host.Faults.Add(new Fault { PathContains = "/reset", Status = 409, Body = "{\"success\":false,\"error\":\"VM_BUSY\",\"message\":\"VM " + Evil.Replace("\u001b", "\\u001b").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\u0007", "\\u0007") + " is busy\"}" });
        var e = ps.Run("Get-CloudVm | Where-Object { $_.Name.Contains('FAKE') } | Restart-CloudVm -Force -Confirm:$false");
        var error = Assert.Single(e.AllErrors);
        Clean(error.ToString());
        Clean(error.ErrorDetails!.Message);
    }
}

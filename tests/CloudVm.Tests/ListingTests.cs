using CloudVm.Emulator;
using CloudVm.Emulator.Gpcn;
using CloudVm.Emulator.Magalu;
using CloudVm.Listing;
using Xunit;
using Xunit.Abstractions;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>The listing guarantee (issue 9, rows 6 and 7): a VM present for the whole listing is written exactly once, on
/// page-numbered (GPCN) and offset (Magalu) lists, whatever is added or removed between two page requests — including
/// by the pipeline itself — and when nothing changes it costs few requests more than a plain read.</summary>
public sealed class ListingTests : IAsyncLifetime
{
    readonly ITestOutputHelper output;
    Emulator emu = null!;
    World World => emu.Host;
    GpcnStore Gpcn => World.Gpcn;
    MagaluRegion Magalu => World.Magalu.Region("br-se1")!;

    public ListingTests(ITestOutputHelper output) => this.output = output;
    public async Task InitializeAsync() => emu = await Emulator.StartAsync();
    public async Task DisposeAsync() => await emu.DisposeAsync();

    void AddGpcn(int n, string prefix = "vm")
    {
        for (int i = 0; i < n; i++) Gpcn.AddVm($"{prefix}-{i:00000}", "Running", Gpcn.Datacenters[0], Gpcn.Configurations[45], Gpcn.Images[12], null, false);
    }

    void AddMagalu(int n, string prefix = "vm", int? at = null)
    {
        lock (World.Magalu.Gate)
            for (int i = 0; i < n; i++)
            {
                var vm = new MagaluInstance
                {
                    Id = Guid.NewGuid().ToString(), Name = $"{prefix}-{i:00000}", State = "running", MachineType = World.Magalu.MachineTypes[0],
                    Image = World.Magalu.Images[0], CreatedAt = World.Now,
                };
                if (at is int p) Magalu.Instances.Insert(Math.Min(p, Magalu.Instances.Count), vm); else Magalu.Instances.Add(vm);
            }
    }

    [Fact]
    public async Task Magalu_get_piped_to_remove_over_120_vms_deletes_every_one()
    {
        // Row 6: offset paging without a total, the pipeline deleting what it was given before the next page is read.
        lock (World.Magalu.Gate) Magalu.Instances.Clear();
        AddMagalu(120);
        var s = emu.Magalu();
        var written = new List<VirtualMachine>();
        await Listings.VmsAsync(s, new VmQuery(), batch =>
        {
            written.AddRange(batch);
            lock (World.Magalu.Gate) Magalu.Instances.RemoveAll(i => batch.Any(v => v.Id == i.Id));
            return Task.FromResult(true);
        }, None);
        Assert.Equal(120, written.Count);
        Assert.Equal(120, written.Select(v => v.Id).Distinct().Count());
        Assert.Empty(Magalu.Instances);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(50)]
    [InlineData(37)]
    public async Task Gpcn_a_vm_removed_from_page_one_and_one_added_at_the_end_between_pages_misses_nobody(int? cap)
    {
        // Row 7: the total stays the same, so only the overlap can tell that the pages moved; also on a server that caps the page size.
        World.Options.ListPageCap = cap;
        AddGpcn(247);
        var all = Gpcn.Vms.OrderBy(v => v.Name).ThenBy(v => v.Id).ToList();
        var removed = all[10];
        World.Faults.Add(new Fault
        {
            PathContains = "/resource/virtual-machines", Method = "GET", Skip = 1,
            Before = _ =>
            {
                lock (Gpcn.Gate) Gpcn.Vms.Remove(removed);
                Gpcn.AddVm("zzz-new", "Running", Gpcn.Datacenters[0], Gpcn.Configurations[45], Gpcn.Images[12], null, false);
            },
        });
        var s = emu.Gpcn(configure: o => o.ThrottleLimit = 1);
        var listed = await ListAll(s, new VmQuery { Sort = "name:asc" });
        var ids = listed.Select(v => v.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var vm in all.Where(v => v != removed)) Assert.Contains(vm.Id, ids);
    }

    public static IEnumerable<object[]> Churn() =>
        from provider in new[] { "Gpcn", "Gpcn-default-order", "Magalu", "Gpcn-cap-37", "Magalu-cap-25" }
        from seed in Enumerable.Range(1, 8)
        select new object[] { provider, seed };

    /// <summary>Random adds (anywhere in the order) and deletes before every page request: each VM present for the whole
    /// listing is written once, nothing is written twice.</summary>
    [Theory]
    [MemberData(nameof(Churn))]
    public async Task Under_random_churn_every_vm_present_throughout_is_written_exactly_once(string mode, int seed)
    {
        var provider = mode.StartsWith("Gpcn", StringComparison.Ordinal) ? "Gpcn" : "Magalu";
        // The same guarantee against servers that serve fewer items a page than asked (issue 20).
        if (mode.Contains("-cap-", StringComparison.Ordinal)) World.Options.ListPageCap = int.Parse(mode.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Random(seed);
        var deleted = new HashSet<string>();
        int added = 0;
        if (provider == "Gpcn") AddGpcn(320); else { lock (World.Magalu.Gate) Magalu.Instances.Clear(); AddMagalu(320); }
        var before = provider == "Gpcn" ? Gpcn.Vms.Select(v => v.Id).ToList() : Magalu.Instances.Select(v => v.Id).ToList();
        World.Faults.Add(new Fault
        {
            PathContains = provider == "Gpcn" ? "/resource/virtual-machines" : "/compute/v1/instances", Method = "GET", Count = 10_000,
            Before = _ =>
            {
                lock (rng)
                {
                    int dels = rng.Next(0, 6), adds = rng.Next(0, 6);
                    for (int i = 0; i < dels; i++)
                    {
                        if (provider == "Gpcn")
                            lock (Gpcn.Gate) { if (Gpcn.Vms.Count == 0) break; var v = Gpcn.Vms[rng.Next(Gpcn.Vms.Count)]; Gpcn.Vms.Remove(v); deleted.Add(v.Id); }
                        else
                            lock (World.Magalu.Gate) { if (Magalu.Instances.Count == 0) break; var v = Magalu.Instances[rng.Next(Magalu.Instances.Count)]; Magalu.Instances.Remove(v); deleted.Add(v.Id); }
                    }
                    for (int i = 0; i < adds; i++)
                    {
                        var name = $"{(char)('a' + rng.Next(26))}-new-{added++}";
                        if (provider == "Gpcn") Gpcn.AddVm(name, "Running", Gpcn.Datacenters[0], Gpcn.Configurations[45], Gpcn.Images[12], null, false);
                        else AddMagalu(1, name, rng.Next(Magalu.Instances.Count + 1));
                    }
                }
            },
        });
        var s = provider == "Gpcn" ? emu.Gpcn() : emu.Magalu();
        var listed = await ListAll(s, new VmQuery { Sort = mode == "Gpcn" ? "name:asc" : null });
        var ids = listed.Select(v => v.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var missed = before.Where(id => !deleted.Contains(id) && !ids.Contains(id)).ToList();
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData("Gpcn", 250)]
    [InlineData("Gpcn", 1000)]
    [InlineData("Gpcn", 3000)]
    [InlineData("Magalu", 1000)]
    public async Task When_nothing_changes_the_guarantee_costs_few_requests_more_than_a_plain_read(string provider, int count)
    {
        if (provider == "Gpcn") AddGpcn(count - Gpcn.Vms.Count);
        else { lock (World.Magalu.Gate) Magalu.Instances.Clear(); AddMagalu(count); }
        var s = provider == "Gpcn" ? emu.Gpcn() : emu.Magalu();
        ListingStats stats = null!;
        var n = 0;
        stats = await Listings.VmsAsync(s, new VmQuery(), b => { n += b.Count; return Task.FromResult(true); }, None);
        Assert.Equal(count, n);
        // A plain read: every page of 100, and for offset paging without a total one more that comes back empty.
        int plain = (count + 99) / 100 + (provider == "Magalu" ? 1 : 0);
        var sent = World.RequestsTo(provider == "Gpcn" ? "/resource/virtual-machines" : "/compute/v1/instances", "GET").Count;
        output.WriteLine($"{provider} {count}: {sent} requests, plain {plain} ({100.0 * (sent - plain) / plain:0.#}% more), lister counted {stats.Requests}");
        Assert.Equal(0, stats.Resyncs);
        // Page-numbered windows capped at 100 must shrink to overlap (100, 99, 98 …): 10% at 1000 VMs, 14% at 10 000, the
        // fewest any overlapping windows allow (see the next test). Offset windows overlap by one VM: ~1%.
        Assert.True(sent <= Math.Ceiling(plain * (provider == "Gpcn" ? 1.15 : 1.02)) + 1, $"{sent} requests for a plain {plain}");
    }

    [Theory]
    [InlineData(null, 1000, 11)]
    [InlineData("name:asc", 2000, 23)]
    [InlineData(null, 5000, 57)]
    public async Task Gpcn_pages_overlap_at_the_least_cost_page_numbers_allow(string? sort, int count, int expected)
    {
        // The windows of page-numbered paging are [(page-1)*limit, page*limit) with limit at most 100. The fewest windows
        // that each overlap what was read before, found by dynamic programming over every limit from 1 to 100 (11 for
        // 1000 items, 23 for 2000, 57 for 5000, 114 for 10 000, 228 for 20 000), are what the lister's greedy choice sends.
        AddGpcn(count - Gpcn.Vms.Count);
        var stats = await Listings.VmsAsync(emu.Gpcn(), new VmQuery { Sort = sort }, _ => Task.FromResult(true), None);
        Assert.Equal(expected, stats.Requests);
    }
}

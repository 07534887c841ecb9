using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;

namespace CloudVm
{
    /// <summary>A VM a call is about: its id, and its name when known (for messages and jobs).</summary>
    public sealed class VmRef
    {
        public VmRef(string id, string? name = null)
        {
            Id = id;
            Name = string.IsNullOrEmpty(name) ? null : name;
        }

        public string Id { get; }
        public string? Name { get; }
        public static VmRef From(VirtualMachine vm) => new VmRef(vm.Id, vm.Name);
        /// <summary>For messages and confirmation prompts: the name as the server gave it, with control characters as escapes.</summary>
        public override string ToString() => Name != null ? $"{Input.Neutralize(Name)} ({Input.Neutralize(Id)})" : Input.Neutralize(Id);
    }

    /// <summary>What part of a list to read: an offset and a count for offset paging, a page number and a
    /// page size for page-numbered lists (the window is then [(Page-1)*Limit, Page*Limit)).</summary>
    public readonly struct PageRequest
    {
        public PageRequest(int offset, int limit, int page = 0)
        {
            Offset = offset;
            Limit = limit;
            Page = page;
        }

        public int Offset { get; }
        public int Limit { get; }
        /// <summary>1-based page number, for page-numbered providers (0 otherwise).</summary>
        public int Page { get; }
        public override string ToString() => Page > 0 ? $"page {Page} of {Limit}" : $"offset {Offset}, {Limit}";
    }

    /// <summary>One answer of a list, in the provider's order: the items, what the provider said the whole
    /// list holds (where it says), whether it says there is more (null: it does not say, and the lister judges by the
    /// count and the total), and how many items a page holds by the server's own account (GPCN's meta.pageSize).</summary>
    public sealed class ItemPage<T>
    {
        public ItemPage(IReadOnlyList<T> items, bool? more, long? total = null, int? pageSize = null)
        {
            Items = items;
            More = more;
            Total = total;
            PageSize = pageSize;
        }

        public IReadOnlyList<T> Items { get; }
        public bool? More { get; }
        public long? Total { get; }
        public int? PageSize { get; }
    }

    /// <summary>What Get-CloudVm asked for. Providers send what their API can filter on and may return more;
    /// <see cref="Matches"/> is applied to every VM afterwards so the result is the same everywhere.</summary>
    public sealed class VmQuery
    {
        /// <summary>Name patterns; a VM matches when any matches.</summary>
        public IReadOnlyList<string>? Names { get; set; }
        public CloudVmStatus? Status { get; set; }
        public string? Location { get; set; }
        public string? Image { get; set; }
        public string? Search { get; set; }
        public string? Sort { get; set; }
        public string? ResourceGroup { get; set; }

        public bool Matches(VirtualMachine vm)
        {
            if (Names != null && Names.Count > 0 && !Names.Any(n => Wildcard.IsMatch(vm.Name, n))) return false;
            if (Status != null && vm.Status != Status) return false;
            return true;
        }

        /// <summary>The filters a provider without server-side filtering applies itself: location (name or id),
        /// image, resource group and free-text search (name or IP).</summary>
        public bool MatchesLocally(VirtualMachine vm)
        {
            if (!string.IsNullOrEmpty(Location) && !Wildcard.IsMatch(vm.Location ?? "", Location!) && !string.Equals(vm.LocationId, Location, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.IsNullOrEmpty(Image) && !Wildcard.IsMatch(vm.Image ?? "", Image!)) return false;
            if (!string.IsNullOrEmpty(ResourceGroup) && !string.Equals(vm.ResourceGroup, ResourceGroup, StringComparison.OrdinalIgnoreCase)) return false;
            if (!string.IsNullOrEmpty(Search) && !new[] { vm.Name, vm.PublicIp, vm.PrivateIp }.Any(v => v != null && v.IndexOf(Search, StringComparison.OrdinalIgnoreCase) >= 0)) return false;
            return true;
        }

        /// <summary>Sorts a whole list locally (providers without paging): field:asc|desc over name, createdAt, status, size, location.</summary>
        public IReadOnlyList<VirtualMachine> SortLocally(IEnumerable<VirtualMachine> vms)
        {
            if (string.IsNullOrEmpty(Sort)) return vms.ToList();
            var parts = Sort!.Split(':');
            Func<VirtualMachine, object?> key = parts[0].ToLowerInvariant() switch
            {
                "createdat" or "created_at" => v => v.CreatedAt,
                "status" or "state" => v => v.Status,
                "size" => v => v.Size,
                "location" => v => v.Location,
                _ => v => v.Name,
            };
            bool desc = parts.Length > 1 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
            return (desc ? vms.OrderByDescending(key).ThenByDescending(v => v.Id, StringComparer.Ordinal) : vms.OrderBy(key).ThenBy(v => v.Id, StringComparer.Ordinal)).ToList();
        }

        /// <summary>The longest literal start common to the name patterns, for a server-side search (null when none).</summary>
        public string? LiteralNamePrefix
        {
            get
            {
                if (Names == null || Names.Count != 1) return null;
                var p = Wildcard.LiteralPrefix(Names[0]);
                return p.Length == 0 ? null : p;
            }
        }
    }

    /// <summary>Everything New-CloudVm can ask for; the provider's descriptor says which fields it takes and the
    /// provider checks the combinations before sending.</summary>
    public sealed class VmCreateRequest
    {
        public string Name { get; set; } = "";
        public string? Size { get; set; }
        public string? Image { get; set; }
        public string? Location { get; set; }
        public int Count { get; set; } = 1;
        /// <summary>Allocate a public IP; null leaves the provider's default.</summary>
        public bool? PublicIp { get; set; }
        public IList<CloudVmNetworkSpec> Networks { get; set; } = new List<CloudVmNetworkSpec>();
        public IList<string> SshKeys { get; set; } = new List<string>();
        public string? ResourceGroup { get; set; }
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        public int? DiskGB { get; set; }
        public SecureString? Password { get; set; }
        /// <summary>The login user (GPCN's username: with a password from -Credential, or with an SSH key).</summary>
        public string? UserName { get; set; }
        public string? UserData { get; set; }
        /// <summary>Boot from this ISO instead of an image (e24cloud cdrom boot).</summary>
        public string? Iso { get; set; }
        public bool PrivateNetworking { get; set; }
        public bool IPv6 { get; set; }
        /// <summary>VMgen marketplace item id, instead of an image.</summary>
        public string? MarketplaceItem { get; set; }
        /// <summary>VMgen user-data script version id.</summary>
        public string? UserDataScript { get; set; }

        /// <summary>Whether the request gives this field.</summary>
        public bool Has(CreateField f) => f switch
        {
            CreateField.Size => Size != null,
            CreateField.Image => Image != null,
            CreateField.Location => Location != null,
            CreateField.Count => Count != 1,
            CreateField.PublicIp => PublicIp != null,
            CreateField.Network => Networks.Count > 0,
            CreateField.SshKey => SshKeys.Count > 0,
            CreateField.ResourceGroup => ResourceGroup != null,
            CreateField.Cpu => Cpu != null,
            CreateField.MemoryGB => MemoryGB != null,
            CreateField.DiskGB => DiskGB != null,
            CreateField.Password => Password != null,
            CreateField.UserData => UserData != null,
            CreateField.Iso => Iso != null,
            CreateField.PrivateNetworking => PrivateNetworking,
            CreateField.IPv6 => IPv6,
            CreateField.MarketplaceItem => MarketplaceItem != null,
            CreateField.UserDataScript => UserDataScript != null,
            CreateField.UserName => UserName != null,
            _ => false,
        };
    }

    /// <summary>Options of a power call.</summary>
    public sealed class PowerOptions
    {
        /// <summary>Minutes to wait for a graceful ACPI shutdown before the provider forces one (e24cloud's wait_for).</summary>
        public int? ShutdownTimeoutMinutes { get; set; }
    }

    public sealed class VmResizeRequest
    {
        public string? Size { get; set; }
        public int? Cpu { get; set; }
        public double? MemoryGB { get; set; }
        /// <summary>Minutes a provider waits for a graceful shutdown before forcing one (e24cloud).</summary>
        public int? ShutdownTimeoutMinutes { get; set; }

        public override string ToString() => Size != null ? "size " + Size : string.Join(", ", new[] { Cpu is int c ? $"{c} CPU" : null, MemoryGB is double m ? $"{m} GB" : null }.Where(x => x != null));
    }

    public sealed class VmUpdateRequest
    {
        public string? NewName { get; set; }
        public string? ResourceGroup { get; set; }
        public bool ClearResourceGroup { get; set; }
    }

    public sealed class VmDeleteOptions
    {
        /// <summary>Delete (rather than detach) attached resources, where the provider asks (e24cloud).</summary>
        public bool DeleteResources { get; set; }
        /// <summary>Also release the public IP (Magalu).</summary>
        public bool DeletePublicIp { get; set; }
    }

    /// <summary>What a restore makes: the new VM's settings.</summary>
    public sealed class RestoreRequest
    {
        public string Name { get; set; } = "";
        public string Size { get; set; } = "";
        public string? SshKey { get; set; }
        public string? AvailabilityZone { get; set; }
        public CloudVmNetworkSpec? Network { get; set; }
        public bool? PublicIp { get; set; }
        public string? UserData { get; set; }
    }

    /// <summary>The result for one VM of a bulk call: a job, or the error for that VM alone.</summary>
    public sealed class BulkOutcome
    {
        public BulkOutcome(VmRef vm, CloudVmJob? job, CloudVmException? error)
        {
            Vm = vm;
            Job = job;
            Error = error;
        }

        public VmRef Vm { get; }
        public CloudVmJob? Job { get; }
        public CloudVmException? Error { get; }
    }
}

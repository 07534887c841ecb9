using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>Binds what may stand for a VM, the way PowerCLI binds VMs by object or name: VirtualMachine objects;
    /// the module's own objects that point at a VM (jobs, network interfaces, snapshots, backups: by their VM id);
    /// strings (or integers) given as ids; and plain objects with a VmId or Id property (Import-Csv, ConvertFrom-Json,
    /// [pscustomobject]). Anything else is a binding error before anything is sent, so a location or an SSH key piped
    /// by mistake can never be read as a VM id.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class VmTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var input = inputData is PSObject p ? p.BaseObject : inputData;
            if (input is VirtualMachine[]) return input;
            if (input is VirtualMachine vm) return new[] { vm };
            if (input is string || input is PSCustomObject || !(input is IEnumerable)) return new[] { Item(inputData) };
            var list = new List<VirtualMachine>();
            foreach (var item in (IEnumerable)input) list.Add(Item(item));
            return list.ToArray();
        }

        static VirtualMachine Item(object? item)
        {
            if (item is PSObject ps && ps.BaseObject is PSCustomObject)
            {
                var id = (ps.Properties["VmId"]?.Value ?? ps.Properties["Id"]?.Value)?.ToString();
                if (string.IsNullOrWhiteSpace(id))
                    throw new ArgumentException("An object piped as a VM needs a VmId or Id property (for example a row of Import-Csv with an Id column).");
                var name = (ps.Properties["VmName"]?.Value ?? (ps.Properties["VmId"] == null ? ps.Properties["Name"]?.Value : null))?.ToString();
                // A VM written by ConvertTo-Json or Export-Csv names its session: it goes back to that session, never to another.
                var sessionName = ps.Properties["Session"]?.Value as string;
                var owner = string.IsNullOrEmpty(sessionName) ? null : SessionTransformationAttribute.ByName(sessionName!);
                return VirtualMachine.Reference(id!, string.IsNullOrEmpty(name) ? null : name, owner?.Provider, owner);
            }
            return One(item is PSObject o ? o.BaseObject : item);
        }

        internal static VirtualMachine One(object? o) => o switch
        {
            VirtualMachine vm => vm,
            string id => VirtualMachine.Reference(id, null, null, null),
            int or long or short or uint or ulong => VirtualMachine.Reference(Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture)!, null, null, null),
            CloudVmJob job => job.VmId != null ? VirtualMachine.Reference(job.VmId, job.VmName, job.Provider, job.Owner)
                : throw new ArgumentException($"Job {job.Id} ({job.Operation}) names no VM."),
            CloudVmNetworkInterface nic => VirtualMachine.Reference(nic.VmId, nic.VmName, nic.Provider, nic.Owner),
            CloudVmCopy copy => copy.VmId != null ? VirtualMachine.Reference(copy.VmId, copy.VmName, copy.Provider, copy.Owner)
                : throw new ArgumentException($"{copy.Kind} {copy.Name} names no VM."),
            null => throw new ArgumentException("A VM cannot be null."),
            _ => throw new ArgumentException($"A {o.GetType().Name} does not stand for a VM: give VirtualMachine objects (Get-CloudVm), jobs, network interfaces, snapshots or backups, or VM ids as strings."),
        };
    }
}

using System;
using System.Management.Automation;

namespace CloudVm.PowerShell
{
    // Confirmation and output: ShouldProcess with the session named, and the objects a cmdlet writes.
    public abstract partial class CloudVmCmdlet
    {
        // ---- confirmation ----

        bool yesToAll, noToAll;

        /// <summary>PowerShell's idiom for work that is hard to undo: ShouldProcess always (-WhatIf, -Confirm), then
        /// a ShouldContinue question unless <paramref name="skipQuestion"/> (-Force) or -Confirm was given either way
        /// (-Confirm:$false is the unattended way to say yes; -Confirm has already asked).</summary>
        protected bool Confirmed(string target, string action, string question, bool skipQuestion)
        {
            if (!ShouldProcess(target, action)) return false;
            if (skipQuestion || MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
            return ShouldContinue(question, $"{action}: {target}", ref yesToAll, ref noToAll);
        }

        // ---- output ----

        /// <summary>Writes an object; a VM whose provider names no location (VMgen) gets the table view without the
        /// Location column (type name CloudVm.VirtualMachine#NoLocation), so no column of its table is blank.</summary>
        protected new void WriteObject(object? o)
        {
            if (o is VirtualMachine vm && vm.Location == null && vm.LocationId == null)
            {
                var ps = PSObject.AsPSObject(vm);
                if (!ps.TypeNames.Contains(NoLocation)) ps.TypeNames.Insert(0, NoLocation);
                base.WriteObject(ps);
                return;
            }
            base.WriteObject(o);
        }

        internal const string NoLocation = "CloudVm.VirtualMachine#NoLocation";
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CloudVm.PowerShell
{
    /// <summary>Binds -Session by object or by name: a session object as it is, or a string naming a connected session
    /// (what every object's Session property holds, so <c>-Session $vm.Session</c> and <c>-Session work</c> both bind).
    /// A name that no session has is a binding error that lists the names there are, before anything is sent.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SessionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var input = inputData is PSObject p ? p.BaseObject : inputData;
            if (input is string || input is CloudVmSession || !(input is IEnumerable)) return One(input);
            var list = new List<object?>();
            foreach (var item in (IEnumerable)input) list.Add(One(item is PSObject q ? q.BaseObject : item));
            return list.ToArray();
        }

        static object? One(object? o) => o is string name ? ByName(name) : o;

        /// <summary>The connected session with that name in the runspace's store (the process's, unless a host gave the
        /// runspace its own), else an ArgumentException.</summary>
        internal static CloudVmSession ByName(string name)
        {
            var store = CloudVmContext.For(Runspace.DefaultRunspace).Store;
            var found = store.Find(name);
            if (found != null) return found;
            var names = store.Sessions.Select(s => s.Name).ToList();
            throw new ArgumentException($"No CloudVm session is named '{Input.Neutralize(name)}' ("
                + (names.Count == 0 ? "there is none: run Connect-CloudVm first" : "connected: " + string.Join(", ", names)) + ").");
        }
    }
}

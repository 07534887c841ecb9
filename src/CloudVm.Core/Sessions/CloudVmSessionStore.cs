using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudVm
{
    /// <summary>What happened to the store's default after a change, so the cmdlet can say it.</summary>
    public sealed class DefaultChange
    {
        internal DefaultChange(CloudVmSession? before, CloudVmSession? after)
        {
            Before = before;
            After = after;
        }

        public CloudVmSession? Before { get; }
        public CloudVmSession? After { get; }
        public bool Changed => !ReferenceEquals(Before, After);
    }

    /// <summary>A set of sessions with one default. The process has one (<see cref="Process"/>), shared by every
    /// runspace like Az's context, so a session made in one runspace is the default in ForEach-Object -Parallel
    /// and thread jobs too. Names are unique; identities (provider + endpoint + account) are unique.</summary>
    public sealed class CloudVmSessionStore
    {
        public static CloudVmSessionStore Process { get; } = new CloudVmSessionStore();

        readonly object gate = new object();
        readonly List<CloudVmSession> all = new List<CloudVmSession>();
        CloudVmSession? current;

        public CloudVmSession? Default
        {
            get { lock (gate) return current; }
        }

        public IReadOnlyList<CloudVmSession> Sessions
        {
            get { lock (gate) return all.ToList(); }
        }

        /// <summary>Adds a session. A session with the same identity is updated in place and returned (objects read
        /// through it keep working); a session with the same name and another identity is replaced (disconnected).</summary>
        public CloudVmSession Connect(CloudVmSession session, bool makeDefault, out CloudVmSession? replaced)
        {
            lock (gate)
            {
                replaced = null;
                var same = all.FirstOrDefault(s => s.Identity == session.Identity);
                var named = all.FirstOrDefault(s => string.Equals(s.Name, session.Name, StringComparison.OrdinalIgnoreCase) && !ReferenceEquals(s, same));
                if (named != null)
                {
                    all.Remove(named);
                    named.MarkDisconnected();
                    if (ReferenceEquals(current, named)) current = null;
                    replaced = named;
                }
                CloudVmSession result;
                if (same != null)
                {
                    same.Refresh(session);
                    result = same;
                }
                else
                {
                    // A disconnected object of the same account comes back to life, so objects read through it work again.
                    session.Store = this;
                    all.Add(session);
                    result = session;
                }
                result.Store = this;
                if (makeDefault || current == null) current = result;
                return result;
            }
        }

        /// <summary>Makes a session the default.</summary>
        public void SetDefault(CloudVmSession session)
        {
            lock (gate)
            {
                if (!all.Contains(session)) throw CloudVmException.Invalid($"Session '{session.Name}' is not connected.");
                current = session;
            }
        }

        /// <summary>Forgets a session. When it was the default, there is no default afterwards: the caller says so,
        /// rather than silently falling back to another account.</summary>
        public DefaultChange Remove(CloudVmSession session)
        {
            lock (gate)
            {
                var before = current;
                all.Remove(session);
                session.MarkDisconnected();
                if (ReferenceEquals(current, session)) current = null;
                return new DefaultChange(before, current);
            }
        }

        /// <summary>The session to use for an object read through <paramref name="session"/>: itself while connected,
        /// else the connected session to the same account, else null.</summary>
        public CloudVmSession? Resolve(CloudVmSession session)
        {
            if (session.IsConnected) return session;
            lock (gate) return all.FirstOrDefault(s => s.Identity == session.Identity);
        }

        public CloudVmSession? Find(string name)
        {
            lock (gate) return all.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }
}

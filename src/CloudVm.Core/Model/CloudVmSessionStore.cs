using System.Collections.Generic;
using System.Linq;

namespace CloudVm
{
    /// <summary>The sessions of this process. Process-wide on purpose, like Az's context: a session made in
    /// one runspace is the default in ForEach-Object -Parallel and thread jobs too.</summary>
    public static class CloudVmSessionStore
    {
        static readonly object Gate = new object();
        static readonly List<CloudVmSession> All = new List<CloudVmSession>();
        static CloudVmSession? current;

        public static CloudVmSession? Default
        {
            get { lock (Gate) return current; }
        }

        public static IReadOnlyList<CloudVmSession> Sessions
        {
            get { lock (Gate) return All.ToList(); }
        }

        public static void Add(CloudVmSession session, bool makeDefault)
        {
            lock (Gate)
            {
                All.Add(session);
                if (makeDefault || current == null) current = session;
            }
        }

        public static void SetDefault(CloudVmSession session)
        {
            lock (Gate) current = session;
        }

        public static void Remove(CloudVmSession session)
        {
            lock (Gate)
            {
                All.Remove(session);
                session.IsConnected = false;
                if (ReferenceEquals(current, session)) current = All.LastOrDefault();
            }
        }
    }
}

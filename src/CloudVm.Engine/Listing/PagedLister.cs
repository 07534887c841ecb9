using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Listing
{
    /// <summary>Reads a paged list so that every item present for the whole listing is written exactly once,
    /// whatever is added or removed meanwhile, with a few pages read ahead.
    ///
    /// Each window after the first starts one item (or, for page-numbered lists, a few) before where the last one
    /// ended, so it overlaps what was read. If any item already seen shows up in the window, the provider's order
    /// keeps every unseen item at or after it: nothing before the window was missed. If none does, items may have
    /// shifted past the cursor (deletions before it, for example by the pipeline itself): the lister backs up,
    /// doubling the step, until a window shows a seen item again or it reaches the start, and reads forward from
    /// there. Seen items are never written twice. When nothing changes this costs the overlap only (offset paging:
    /// one item per window, about 1% more requests; page-numbered lists capped at 100: windows of 100, 99, 98, …
    /// whose pages overlap, about 14% more). See docs/reliability.md.</summary>
    internal sealed class PagedLister<T> where T : class
    {
        readonly PagingStyle style;
        readonly int maxPage;
        readonly Func<PageRequest, CancellationToken, Task<ItemPage<T>>> read;
        readonly Func<T, string> idOf;
        readonly int readAhead;
        readonly string what;
        readonly CloudProvider provider;
        readonly SeenIds seen = new SeenIds();

        /// <summary>Where a provider reports no total, the most windows one listing reads (two million VMs at 100 a page).</summary>
        internal const int MaxWindowsWithoutTotal = 20_000;

        public PagedLister(ProviderFeatures features, Func<PageRequest, CancellationToken, Task<ItemPage<T>>> read, Func<T, string> idOf, int readAhead, string what, PagingStyle? style = null, int? pageSize = null)
        {
            this.style = style ?? features.Paging;
            maxPage = Math.Max(2, pageSize ?? features.MaxPageSize);
            this.read = read;
            this.idOf = idOf;
            this.readAhead = Math.Max(1, readAhead);
            this.what = what;
            provider = features.Provider;
        }

        /// <summary>Requests sent, for tests and the benchmark.</summary>
        public int Requests { get; private set; }
        /// <summary>Times the lister lost its place and backed up.</summary>
        public int Resyncs { get; private set; }
        /// <summary>The total the provider reported last, where it reports one.</summary>
        public long? Total { get; private set; }

        /// <summary>Reads the list; <paramref name="emit"/> gets the items not written before, in the provider's order,
        /// window by window, and returns false to stop.</summary>
        public async Task ListAsync(Func<IReadOnlyList<T>, Task<bool>> emit, CancellationToken ct)
        {
            if (style == PagingStyle.None)
            {
                var page = await Read(new PageRequest(0, maxPage), ct).ConfigureAwait(false);
                await emit(Fresh(page.Items)).ConfigureAwait(false);
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var inflight = new Queue<(PageRequest req, int plannedEnd, Task<ItemPage<T>> task)>();
            int cursor = 0;            // where the next window should start after (items consumed in the current order)
            int plannedCursor = 0;     // the cursor the windows in flight were planned from
            bool first = true;
            int barren = 0;            // consecutive windows with nothing new while the provider says there is more
            long maxTotal = 0;
            int windows = 0;
            try
            {
                while (true)
                {
                    // Read ahead only what the list can hold: up to the total the provider reported (GPCN), else one
                    // window beyond the cursor once the list has proven long (offset paging has no total: a window read ahead past
                    // the end is a wasted request, so short lists are read one window at a time).
                    int depth = first ? 1 : maxTotal > 0 ? readAhead : windows >= 3 ? Math.Min(2, readAhead) : 1;
                    while (inflight.Count < depth && (inflight.Count == 0 || maxTotal == 0 || plannedCursor < maxTotal))
                    {
                        var req = Plan(plannedCursor, first && inflight.Count == 0);
                        var end = req.Offset + req.Limit;
                        inflight.Enqueue((req, end, Read(req, stop.Token)));
                        plannedCursor = end;
                    }
                    var (request, plannedEnd, task) = inflight.Dequeue();
                    var page = await task.ConfigureAwait(false);
                    windows++;
                    if (page.Total is long t)
                    {
                        if (Total == null && page.Items.Count > 0) seen.Expect(t, idOf(page.Items[0]));
                        Total = t;
                        maxTotal = Math.Max(maxTotal, t);
                    }
                    if (maxTotal > 0 && windows > Bound(maxTotal))
                        throw Endless($"said the list holds {maxTotal} but kept announcing more pages after {windows} requests");
                    if (maxTotal == 0 && windows > MaxWindowsWithoutTotal)
                        throw Endless($"kept announcing more pages after {windows} requests ({windows * (long)maxPage} items)");

                    bool anchored = first || request.Offset == 0 || page.Items.Any(i => seen.Contains(idOf(i)));
                    if (!anchored)
                    {
                        // Items may have moved before this window: back up until a window shows a seen item.
                        Resyncs++;
                        Drain(inflight, stop);
                        int start = request.Offset, step = maxPage;
                        while (true)
                        {
                            start = Math.Max(0, start - step);
                            step *= 2;
                            var back = await Read(Window(start), ct).ConfigureAwait(false);
                            var fresh = Fresh(back.Items);
                            if (fresh.Count > 0 && !await emit(fresh).ConfigureAwait(false)) return;
                            if (start == 0 || back.Items.Count > fresh.Count)
                            {
                                cursor = WindowOffset(start) + back.Items.Count;
                                page = back;
                                break;
                            }
                        }
                        plannedCursor = cursor;
                        if (!page.More) return;
                        first = false;
                        continue;
                    }

                    var items = Fresh(page.Items);
                    first = false;
                    barren = items.Count == 0 ? barren + 1 : 0;
                    if (barren >= 3 && page.More) throw Endless("kept answering items already read while announcing more");
                    if (items.Count > 0 && !await emit(items).ConfigureAwait(false)) return;
                    if (!page.More) return;
                    cursor = request.Offset + page.Items.Count;
                    if (cursor != plannedEnd)
                    {
                        // A short page: the windows in flight were planned from a cursor that is wrong now.
                        Drain(inflight, stop);
                        plannedCursor = cursor;
                    }
                }
            }
            finally
            {
                stop.Cancel();
                foreach (var (_, _, task) in inflight) _ = task.ContinueWith(x => _ = x.Exception, TaskScheduler.Default);
            }
        }

        async Task<ItemPage<T>> Read(PageRequest req, CancellationToken ct)
        {
            Requests++;
            return await read(req, ct).ConfigureAwait(false);
        }

        static void Drain(Queue<(PageRequest, int, Task<ItemPage<T>>)> inflight, CancellationTokenSource stop)
        {
            foreach (var (_, _, task) in inflight) _ = task.ContinueWith(x => _ = x.Exception, TaskScheduler.Default);
            inflight.Clear();
        }

        List<T> Fresh(IReadOnlyList<T> items)
        {
            var fresh = new List<T>(items.Count);
            foreach (var item in items)
                if (seen.Add(idOf(item))) fresh.Add(item);
            return fresh;
        }

        /// <summary>The next window after <paramref name="cursor"/> items, overlapping the last one read.</summary>
        PageRequest Plan(int cursor, bool isFirst)
        {
            if (isFirst || cursor == 0) return Window(0);
            if (style == PagingStyle.Offset) return new PageRequest(cursor - 1, maxPage);
            // Page-numbered: the window of (page, limit) is [(page-1)*limit, page*limit). Pick the limit whose
            // window starts before the cursor and reaches furthest past it.
            int bestEnd = 0, bestLimit = maxPage, bestPage = 1;
            for (int limit = maxPage; limit >= Math.Max(1, maxPage / 2); limit--)
            {
                int page = (cursor - 1) / limit + 1;
                int end = page * limit;
                if (end > bestEnd) { bestEnd = end; bestLimit = limit; bestPage = page; }
            }
            return new PageRequest((bestPage - 1) * bestLimit, bestLimit, bestPage);
        }

        /// <summary>A window that starts at or just before <paramref name="start"/>.</summary>
        PageRequest Window(int start)
        {
            if (style == PagingStyle.Offset) return new PageRequest(start, maxPage);
            int page = start / maxPage + 1;
            return new PageRequest((page - 1) * maxPage, maxPage, page);
        }

        int WindowOffset(int start) => Window(start).Offset;

        /// <summary>How many windows a list of <paramref name="total"/> items can take, with slack.</summary>
        int Bound(long total) => (int)Math.Min(int.MaxValue, 2 * (total / Math.Max(1, maxPage / 2) + 1) + 10);

        CloudVmException Endless(string what) =>
            new CloudVmException(CloudVmErrorKind.InvalidResponse, $"{ProviderNames.Display(provider)} {what} while CloudVm listed {this.what}; stopped rather than loop.")
            { Provider = provider, RecommendedAction = "Try again later; if it persists, the provider's paging is broken." };
    }
}

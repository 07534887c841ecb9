using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Listing
{
    /// <summary>Reads a paged list so that every item present for the whole listing is written exactly once,
    /// whatever is added or removed meanwhile, with a few pages read ahead, in the page size the server really serves.
    ///
    /// Each window after the first starts one item (or, for page-numbered lists, a few) before where the last one
    /// ended, so it overlaps what was read. If any item already seen shows up in the window, the provider's order
    /// keeps every unseen item at or after it: nothing before the window was missed. If none does, items may have
    /// shifted past the cursor (deletions before it, for example by the pipeline itself): the lister backs up,
    /// doubling the step, until a window shows a seen item again or it reaches the start, and reads forward from
    /// there. Seen items are never written twice. When nothing changes this costs the overlap only (offset paging:
    /// one item per window, about 1% more requests; page-numbered lists capped at 100: windows of 100, 99, 98, …
    /// whose pages overlap, about 14% more). See docs/reliability.md.
    ///
    /// Servers choose their own page size: one that serves fewer items than asked (it caps the limit, as its
    /// meta.pageSize or a page's item count shows) gets windows planned in its size; a page-numbered server that
    /// serves one size whatever limit is asked cannot be made to overlap, so its pages are read in sequence and a
    /// drop of its total makes the lister back up. A short page without a total is not taken as the end while it
    /// brought something new: the lister reads on once, and the list ends at a short page with nothing new.</summary>
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
        int size;                 // the page size windows are planned in: the provider's largest until the server shows its own
        bool fixedPages;          // a page-numbered server that serves its own page size whatever limit is asked
        int firstShort;           // how many items a short first page without a total held

        /// <summary>Where a provider reports no total, the most windows one listing reads (two million VMs at 100 a page).</summary>
        internal const int MaxWindowsWithoutTotal = 20_000;

        public PagedLister(ProviderFeatures features, Func<PageRequest, CancellationToken, Task<ItemPage<T>>> read, Func<T, string> idOf, int readAhead, string what, PagingStyle? style = null, int? pageSize = null)
        {
            this.style = style ?? features.Paging;
            maxPage = Math.Max(2, pageSize ?? features.MaxPageSize);
            size = maxPage;
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
        /// <summary>The page size the server was found to serve (the provider's largest when it serves what is asked).</summary>
        public int PageSize => size;

        /// <summary>What one answer really held: where its window starts in the server's order, whether more follows,
        /// and whether that was judged from a short page without a total (which may be the server's cap, not the end).</summary>
        readonly struct Served
        {
            public Served(int offset, bool more, bool shortWithoutTotal)
            {
                Offset = offset;
                More = more;
                ShortWithoutTotal = shortWithoutTotal;
            }

            public readonly int Offset;
            public readonly bool More;
            public readonly bool ShortWithoutTotal;
        }

        /// <summary>Learns the server's page size from an answer and says where its window really starts.</summary>
        Served Learn(PageRequest request, ItemPage<T> page)
        {
            int count = page.Items.Count;
            int? served = page.PageSize is int ps && ps > 0 ? ps : (int?)null;
            if (served == null && count > request.Limit) served = count;                            // more than asked: its own size
            if (served == null && count < request.Limit && count > 0 && (page.More == true || (page.Total is long t0 && request.Offset + count < t0)))
                served = count;                                                                       // fewer than asked, and more to come
            int offset = request.Offset;
            if (served is int p && p != request.Limit)
            {
                if (style == PagingStyle.PageNumber)
                {
                    if (p > request.Limit) fixedPages = true;                                        // it ignored the smaller limit asked
                    offset = (Math.Max(1, request.Page) - 1) * p;                                     // the server's window, not the one planned
                }
                if (fixedPages || p < size || p > request.Limit) size = p;
            }
            bool more, judged = false;
            if (page.More is bool m) more = m;
            else if (page.Total is long t) more = offset + count < t;
            else
            {
                more = count >= request.Limit;
                judged = !more;
                // A server that caps the limit shows it at once: a short first page, then another page of the same size.
                // That is its own page size; windows are planned in it from then on, so a page shorter than it is the end.
                // (Other short pages are the list's tail, and never shrink the windows.)
                if (judged && count > 0)
                {
                    if (Requests == 1) firstShort = count;
                    else if (count == firstShort && count < size) size = count;
                }
            }
            return new Served(offset, more, judged);
        }

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
            bool probing = false;      // reading on after a short page without a total
            int barren = 0;            // consecutive windows with nothing new while the provider says there is more
            long maxTotal = 0;
            long? lastTotal = null;
            int windows = 0;
            try
            {
                while (true)
                {
                    // Read ahead only what the list can hold: up to the total the provider reported (GPCN), else one
                    // window beyond the cursor once the list has proven long (offset paging has no total: a window read ahead past
                    // the end is a wasted request, so short lists are read one window at a time).
                    int depth = first || probing ? 1 : maxTotal > 0 ? readAhead : windows >= 3 ? Math.Min(2, readAhead) : 1;
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
                    int sizeBefore = size;
                    var served = Learn(request, page);
                    bool totalDropped = false;
                    if (page.Total is long t)
                    {
                        if (Total == null && page.Items.Count > 0) seen.Expect(t, idOf(page.Items[0]));
                        totalDropped = lastTotal is long before && t < before;
                        Total = t;
                        lastTotal = t;
                        maxTotal = Math.Max(maxTotal, t);
                    }
                    if (maxTotal > 0 && windows > Bound(maxTotal))
                        throw Endless($"said the list holds {maxTotal} but kept announcing more pages after {windows} requests");
                    if (maxTotal == 0 && windows > MaxWindowsWithoutTotal)
                        throw Endless($"kept announcing more pages after {windows} requests ({windows * (long)size} items)");

                    bool anchored = first || served.Offset == 0 || page.Items.Any(i => seen.Contains(idOf(i)));
                    // Pages of a fixed size cannot overlap: one that starts where the last ended is taken unless the total fell.
                    if (!anchored && fixedPages && served.Offset == cursor && !totalDropped) anchored = true;
                    if (!anchored)
                    {
                        // Items may have moved before this window: back up until a window shows a seen item.
                        Resyncs++;
                        Drain(inflight, stop);
                        int start = Math.Min(served.Offset, cursor), step = size;
                        Served back;
                        while (true)
                        {
                            start = Math.Max(0, start - step);
                            step *= 2;
                            var window = Window(start);
                            page = await Read(window, ct).ConfigureAwait(false);
                            back = Learn(window, page);
                            var fresh = Fresh(page.Items);
                            if (fresh.Count > 0 && !await emit(fresh).ConfigureAwait(false)) return;
                            if (start == 0 || page.Items.Count > fresh.Count)
                            {
                                cursor = back.Offset + page.Items.Count;
                                break;
                            }
                        }
                        plannedCursor = cursor;
                        if (!back.More && !back.ShortWithoutTotal) return;
                        first = false;
                        continue;
                    }

                    var items = Fresh(page.Items);
                    first = false;
                    // Windows of only seen items while the provider announces more: insertions before the cursor can do that for a
                    // while (the cursor still moves on), a server that ignores the offset does it for ever. Counted in items, so
                    // small pages get as much room as large ones: three of the provider's largest pages.
                    barren = items.Count == 0 ? barren + page.Items.Count : 0;
                    if (barren >= 3 * maxPage && served.More) throw Endless("kept answering items already read while announcing more");
                    if (items.Count > 0 && !await emit(items).ConfigureAwait(false)) return;
                    if (!served.More)
                    {
                        // A short page without a total ends the list only when it brought nothing new: one that did may be the
                        // server's own page size, so read on once (one window, nothing read ahead).
                        if (!served.ShortWithoutTotal || items.Count == 0) return;
                        probing = true;
                    }
                    else probing = false;
                    cursor = served.Offset + page.Items.Count;
                    if (cursor != plannedEnd || size != sizeBefore)
                    {
                        // A short page, or the server's page size learned: the windows in flight were planned from a cursor that is wrong now.
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
            if (style == PagingStyle.Offset) return new PageRequest(cursor - 1, size);
            if (fixedPages) return Window(cursor);
            // Page-numbered: the window of (page, limit) is [(page-1)*limit, page*limit). Pick the limit whose
            // window starts before the cursor and reaches furthest past it.
            int bestEnd = 0, bestLimit = size, bestPage = 1;
            for (int limit = size; limit >= Math.Max(1, size / 2); limit--)
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
            if (style == PagingStyle.Offset) return new PageRequest(start, size);
            int page = start / size + 1;
            return new PageRequest((page - 1) * size, size, page);
        }

        /// <summary>How many windows a list of <paramref name="total"/> items can take, with slack.</summary>
        int Bound(long total) => (int)Math.Min(int.MaxValue, 2 * (total / Math.Max(1, size / 2) + 1) + 10);

        CloudVmException Endless(string what) =>
            new CloudVmException(CloudVmErrorKind.InvalidResponse, $"{provider.DisplayName} {what} while CloudVm listed {this.what}; stopped rather than loop.")
            { Provider = provider, RecommendedAction = "Try again later; if it persists, the provider's paging is broken." };
    }
}

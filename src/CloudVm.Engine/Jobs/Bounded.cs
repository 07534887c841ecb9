using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Jobs
{
    /// <summary>The result of one item of concurrent work: a value or the failure.</summary>
    public sealed class ItemResult<TItem, TResult>
    {
        public ItemResult(TItem item, TResult? value, Exception? error)
        {
            Item = item;
            Value = value;
            Error = error;
        }

        public TItem Item { get; }
        public TResult? Value { get; }
        public Exception? Error { get; }
    }

    /// <summary>Runs per-item work with at most N in flight, keeping each item's failure to itself.
    /// Results come back in input order.</summary>
    public static class Bounded
    {
        public static async Task<IReadOnlyList<ItemResult<TItem, TResult>>> RunAsync<TItem, TResult>(
            IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work, int degree, CancellationToken ct)
        {
            if (items.Count == 0) return Array.Empty<ItemResult<TItem, TResult>>();
            if (items.Count == 1) return new[] { await One(items[0], work, ct).ConfigureAwait(false) };
            using var gate = new SemaphoreSlim(Math.Max(1, degree));
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    return await One(item, work, ct).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        static async Task<ItemResult<TItem, TResult>> One<TItem, TResult>(TItem item, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken ct)
        {
            try
            {
                return new ItemResult<TItem, TResult>(item, await work(item, ct).ConfigureAwait(false), null);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !ct.IsCancellationRequested)
            {
                return new ItemResult<TItem, TResult>(item, default, e);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CloudVm.Providers
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

    /// <summary>Runs per-item work with at most N requests in flight (for providers without bulk endpoints),
    /// keeping each item's failure to itself. Results come back in input order.</summary>
    public static class Bounded
    {
        public const int DefaultDegree = 8;

        public static async Task<IReadOnlyList<ItemResult<TItem, TResult>>> RunAsync<TItem, TResult>(
            IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken ct, int degree = DefaultDegree)
        {
            using var gate = new SemaphoreSlim(degree);
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    return new ItemResult<TItem, TResult>(item, await work(item, ct).ConfigureAwait(false), null);
                }
                catch (Exception e) when (!(e is OperationCanceledException) || !ct.IsCancellationRequested)
                {
                    return new ItemResult<TItem, TResult>(item, default, e);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}

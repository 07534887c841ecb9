using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace CloudVm.Tests;

/// <summary>Fake time for tests: a FakeTimeProvider that a driver thread moves forward about 40 times faster than real
/// time, so jobs that take seconds on the emulator's clock finish in milliseconds and no test waits on the real clock.
/// The emulator world and the sessions of a test share one clock. <see cref="Manual"/> clocks move only when told.</summary>
public sealed class TestClock : FakeTimeProvider
{
    static readonly List<WeakReference<TestClock>> Paced = new();
    static readonly Thread Driver = new(Drive) { IsBackground = true, Name = "TestClock driver" };
    static readonly TimeSpan Step = TimeSpan.FromMilliseconds(40);

    TestClock() : base(DateTimeOffset.UtcNow) => AutoAdvanceAmount = TimeSpan.Zero;

    TimeSpan step = Step;

    /// <summary>A clock that runs on its own, fast: about 40 times real time, times <paramref name="speed"/> (for tests
    /// whose virtual waits are minutes long).</summary>
    public static TestClock Fast(double speed = 1)
    {
        var c = new TestClock { step = TimeSpan.FromTicks((long)(Step.Ticks * speed)) };
        lock (Paced)
        {
            Paced.Add(new WeakReference<TestClock>(c));
            if (!Driver.IsAlive) Driver.Start();
        }
        return c;
    }

    /// <summary>A clock that moves only on <see cref="FakeTimeProvider.Advance"/>.</summary>
    public static TestClock Manual() => new();

    public bool Stopped { get; set; }

    static void Drive()
    {
        while (true)
        {
            Thread.Sleep(1);
            List<TestClock> clocks;
            lock (Paced)
            {
                Paced.RemoveAll(w => !w.TryGetTarget(out _));
                clocks = Paced.Select(w => w.TryGetTarget(out var c) ? c : null).Where(c => c != null && !c.Stopped).Select(c => c!).ToList();
            }
            foreach (var c in clocks) c.Advance(c.step);
        }
    }

    // ---- manual clocks: the test moves time exactly by what the code under test waits for ----

    readonly ConcurrentDictionary<Tracked, byte> pending = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new Tracked(this);
        t.Set(dueTime, period);
        t.Inner = base.CreateTimer(s => { t.Fired(); callback(s); }, state, dueTime, period);
        return t;
    }

    /// <summary>Waits (real time, bounded) until the code under test is waiting on this clock for exactly
    /// <paramref name="wait"/> from now, then moves the clock by that much. However slow the machine, the virtual time that
    /// passes is exactly what the code asked to wait: a test can assert it to the second.</summary>
    public async Task AdvanceWhenWaitingFor(TimeSpan wait, string what = "a wait")
    {
        await WhenWaitingFor(wait, what);
        Advance(wait);
    }

    /// <summary>Waits (real time, bounded) until the code under test is waiting on this clock for exactly
    /// <paramref name="wait"/> from now; the clock does not move.</summary>
    public async Task WhenWaitingFor(TimeSpan wait, string what = "a wait")
    {
        var real = Stopwatch.StartNew();
        while (!pending.Keys.Any(t => t.Due - GetUtcNow() == wait))
        {
            if (real.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"nothing waited {wait.TotalSeconds} s for {what}; waiting: " +
                    string.Join(", ", pending.Keys.Select(t => $"{(t.Due - GetUtcNow()).TotalSeconds} s")));
            await Task.Delay(2);
        }
    }

    /// <summary>Waits (real time, bounded) until the code under test is waiting on this clock for less than
    /// <paramref name="limit"/>, then moves the clock to the first such wait's end; returns how far it moved.</summary>
    public async Task<TimeSpan> AdvanceToFirstWaitWithin(TimeSpan limit, string what = "a wait")
    {
        var real = Stopwatch.StartNew();
        while (true)
        {
            var now = GetUtcNow();
            var first = pending.Keys.Select(t => t.Due - now).Where(d => d > TimeSpan.Zero && d < limit).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            if (first != TimeSpan.MaxValue) { Advance(first); return first; }
            if (real.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"nothing waited less than {limit.TotalSeconds} s for {what}");
            await Task.Delay(2);
        }
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds: for what the code under test does
    /// without waiting on the clock, such as a request reaching the emulator.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var real = Stopwatch.StartNew();
        while (!condition())
        {
            if (real.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("never happened: " + what);
            await Task.Delay(2);
        }
    }

    sealed class Tracked(TestClock clock) : ITimer
    {
        public ITimer Inner = null!;
        public DateTimeOffset Due;
        TimeSpan period = Timeout.InfiniteTimeSpan;

        public void Set(TimeSpan dueTime, TimeSpan p)
        {
            period = p;
            if (dueTime == Timeout.InfiniteTimeSpan) { clock.pending.TryRemove(this, out _); return; }
            Due = clock.GetUtcNow() + dueTime;
            clock.pending[this] = 0;
        }

        public void Fired()
        {
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero) clock.pending.TryRemove(this, out _);
            else Due += period;
        }

        public bool Change(TimeSpan dueTime, TimeSpan p) { Set(dueTime, p); return Inner.Change(dueTime, p); }
        public void Dispose() { clock.pending.TryRemove(this, out _); Inner.Dispose(); }
        public ValueTask DisposeAsync() { clock.pending.TryRemove(this, out _); return Inner.DisposeAsync(); }
    }
}

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
}

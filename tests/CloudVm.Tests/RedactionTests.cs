using System.Text;
using CloudVm.Emulator;
using CloudVm.Http;
using Xunit;
using static CloudVm.Tests.T;

namespace CloudVm.Tests;

/// <summary>Issue 19, row 3: redaction that cannot be split or dodged. The whole text is redacted before it is cut; a
/// secret is found in its JSON-escaped, PHP-escaped, percent-encoded and other-case forms; a prefix of 6 or more of its
/// characters left at a cut edge is hidden too.</summary>
public sealed class RedactionTests
{
    const string Key = "gpcn_Sup3r/Secret-Key_0123456789";
    static readonly Redactor R = new(() => new[] { Key });

    /// <summary>Every run of 6 or more of the key's characters, in order, as a server could have left them.</summary>
    static void NoPiece(string text)
    {
        for (int len = 6; len <= Key.Length; len++)
            for (int at = 0; at + len <= Key.Length; at++)
                Assert.DoesNotContain(Key.Substring(at, len), text, StringComparison.OrdinalIgnoreCase);
    }

    static string JsonEscapedAll(string s) => string.Concat(s.Select(c => $"\\u{(int)c:x4}"));

    public static IEnumerable<object[]> Forms() => new[]
    {
        new object[] { "plain", Key },
        new object[] { "every character \\u-escaped", JsonEscapedAll(Key) },
        new object[] { "upper-case \\u escapes", JsonEscapedAll(Key).ToUpperInvariant().Replace("\\U", "\\u", StringComparison.Ordinal) },
        new object[] { "slash escaped as PHP does", Key.Replace("/", "\\/", StringComparison.Ordinal) },
        new object[] { "some characters escaped", "gpcn_\\u0053up3r\\/Secret-Key_0123456789" },
        new object[] { "upper-cased", Key.ToUpperInvariant() },
        new object[] { "lower-cased", Key.ToLowerInvariant() },
        new object[] { "percent-encoded", Uri.EscapeDataString(Key) },
        new object[] { "every character percent-encoded", string.Concat(Key.Select(c => $"%{(int)c:X2}")) },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_secret_is_hidden_in_every_form_a_server_may_echo_it(string form, string echoed)
    {
        var text = $"{{\"error\":\"bad key {echoed} for tenant\"}}";
        var redacted = R.Redact(text);
        Assert.Contains(Redactor.Mask, redacted);
        Assert.DoesNotContain(echoed, redacted);
        NoPiece(redacted);
        Assert.Contains("for tenant", redacted);   // only the secret goes
        _ = form;
    }

    [Theory]
    [InlineData(300)]
    [InlineData(4000)]
    public void A_secret_across_the_cut_is_hidden_whole_not_shown_up_to_the_cut(int max)
    {
        for (int before = max - Key.Length; before <= max; before++)
        {
            var text = new string('x', before) + Key + new string('y', 50);
            var redacted = R.Redact(text, max, out var cut);
            Assert.True(cut);
            Assert.True(redacted.Length <= max);
            NoPiece(redacted);
        }
    }

    [Fact]
    public void A_prefix_of_six_or_more_left_at_the_cut_edge_is_hidden()
    {
        // A server (or an earlier cut) left only the key's start at the end of what is shown.
        var text = new string('x', 290) + Key[..8];
        var redacted = R.Redact(text + new string(' ', 0), 298, out _);
        NoPiece(redacted);
        Assert.EndsWith(Redactor.Mask, redacted);
        // Five characters are too few to tell from ordinary text and stay.
        Assert.EndsWith("gpcn_", R.Redact(new string('x', 300) + "gpcn_", 305, out _));
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_it_is()
    {
        const string text = "{\"message\":\"VM 550e8400 is busy\",\"path\":\"\\/v1\\/x\"}";
        Assert.Equal(text, R.Redact(text));
    }

    [Fact]
    public void The_cost_does_not_grow_with_the_text_when_it_is_cut()
    {
        // A 20 MB body redacted for a 300-character snippet reads a window, not the body.
        var big = new string('a', 20 << 20);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 100; i++) R.Redact(big, 300, out _);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"{watch.ElapsedMilliseconds} ms for 100 snippets");
    }

    [Theory]
    [InlineData(310)]
    [InlineData(4010)]
    public async Task An_error_or_trace_of_an_answer_that_echoes_the_key_across_the_cut_never_shows_it(int at)
    {
        await using var emu = await Emulator.StartAsync();
        var key = emu.GpcnKey;
        // The body puts the key right across the 300-character cut of the error (and, for 4010, the 4000 of -Debug).
        var body = "<html>" + new string('x', at - key.Length / 2 - 6) + key + " and " + JsonEscapedAll(key) + " and " + Uri.EscapeDataString(key).ToUpperInvariant() + "</html>";
        emu.Host.Faults.Add(new Fault { PathContains = "/resource/virtual-machines", Count = 10, Status = 500, ContentType = "text/html", Body = body });
        var log = new CapturingLog().Install();
        var e = await Assert.ThrowsAsync<CloudVmException>(() => ListAll(emu.Gpcn(configure: o => o.MaxAttempts = 1)));
        var everything = e.ToString() + e.ProviderMessage + e.RecommendedAction + log.Text;
        for (int len = 6; len <= key.Length; len++)
            for (int i = 0; i + len <= key.Length; i += 3)
                Assert.DoesNotContain(key.Substring(i, len), everything, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Response body: ", log.Text);
        _ = Encoding.UTF8;
    }
}

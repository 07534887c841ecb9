using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace CloudVm.Playground;

/// <summary>A small PowerShell host that writes everything (formatted output, errors, verbose, warnings,
/// progress) to a TextWriter, so Out-Default renders the module's format views as a console would.
/// Prompts are answered from <see cref="Answers"/> (default: the prompt's default choice).</summary>
public sealed class TextHost : PSHost
{
    readonly TextUI ui;

    /// <param name="plainText">Strip ANSI colour sequences (for files, logs and assertions).</param>
    public TextHost(TextWriter writer, bool plainText = true, int width = 160) => ui = new TextUI(writer, width, plainText);

    public override string Name => "CloudVm.Playground";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture { get; } = CultureInfo.GetCultureInfo("en-US");
    public Queue<int> Answers => ui.Answers;
    public List<string> Prompts => ui.Prompts;
    public List<ProgressRecord> Progress => ui.Progress;
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }

    sealed class TextUI : PSHostUserInterface
    {
        static readonly System.Text.RegularExpressions.Regex Ansi = new("\x1b\\[[0-9;?]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);
        readonly TextWriter w;
        readonly RawUI raw;
        readonly bool plain;

        public TextUI(TextWriter writer, int width, bool plainText)
        {
            w = writer;
            raw = new RawUI(width);
            plain = plainText;
        }

        string Clean(string s) => plain ? Ansi.Replace(s, "") : s;

        public Queue<int> Answers { get; } = new();
        public List<string> Prompts { get; } = new();
        public List<ProgressRecord> Progress { get; } = new();
        public override PSHostRawUserInterface RawUI => raw;

        public override void Write(string value) { lock (w) w.Write(Clean(value)); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) { lock (w) w.WriteLine(Clean(value)); }
        public override void WriteErrorLine(string value) => WriteLine(value);
        public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (Progress) Progress.Add(record);
        }

        public override string ReadLine() => throw new NotSupportedException("The playground host reads no input.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The playground host reads no input.");

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The playground host reads no input.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The playground host reads no input.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The playground host reads no input.");

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(message);
            var answer = Answers.Count > 0 ? Answers.Dequeue() : defaultChoice;
            WriteLine($"{caption}: {message} -> {choices[answer].Label.Replace("&", "")}");
            return answer;
        }
    }

    sealed class RawUI : PSHostRawUserInterface
    {
        public RawUI(int width) => BufferSize = new Size(width, 9999);
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; }
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override Size MaxPhysicalWindowSize => BufferSize;
        public override Size MaxWindowSize => BufferSize;
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get => new(BufferSize.Width, 50); set { } }
        public override string WindowTitle { get; set; } = "";
        public override bool KeyAvailable => false;
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}

using System.Management.Automation;

namespace CloudVm.PowerShell
{
    /// <summary>A pattern a parameter's whole value must match, by <see cref="Input.Matches"/> (no control characters, no
    /// trailing newline let through by <c>$</c>), with an error that says what is wanted and shows the value only
    /// redacted and with its control characters as escapes (ValidatePattern echoes the raw value, a pasted key included).</summary>
    [System.AttributeUsage(System.AttributeTargets.Property | System.AttributeTargets.Field)]
    public sealed class ValidateWholeAttribute : ValidateArgumentsAttribute
    {
        public ValidateWholeAttribute(string pattern, string description)
        {
            Pattern = pattern;
            Description = description;
        }

        public string Pattern { get; }
        public string Description { get; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject p ? p.BaseObject : arguments;
            if (value is string s && Input.Matches(s, Pattern)) return;
            var shown = value is string text ? Input.Neutralize(Redactor.Process.Redact(text)) : value?.GetType().Name ?? "null";
            throw new ValidationMetadataException($"'{shown}' is not {Description}.");
        }
    }
}

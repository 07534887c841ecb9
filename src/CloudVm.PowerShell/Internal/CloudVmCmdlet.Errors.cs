using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace CloudVm.PowerShell
{
    // Errors: CloudVm's errors as ErrorRecords with one vocabulary of ids, categories and advice.
    public abstract partial class CloudVmCmdlet
    {
        // ---- errors ----

        internal static ErrorRecord Record(Exception e, object? target)
        {
            if (e is CloudVmException c)
            {
                var record = new ErrorRecord(c, c.ErrorId, Category(c.Kind), Target(target ?? c.Target));
                // What PowerShell shows: control characters from a server's text (a VM name, a provider's message) as escapes.
                record.ErrorDetails = new ErrorDetails(Input.Neutralize(c.Message));
                var hint = c.RecommendedAction ?? Hint(c);
                if (hint != null) record.ErrorDetails.RecommendedAction = Input.Neutralize(hint);
                return record;
            }
            if (e is AggregateException a && a.InnerExceptions.Count == 1) return Record(a.InnerExceptions[0], target);
            return new ErrorRecord(e, "CloudVm.UnexpectedError", ErrorCategory.NotSpecified, Target(target));
        }

        /// <summary>Error targets are ids or the objects users gave, never an array's type name.</summary>
        /// <summary>Error targets are ids or the objects users gave, never an array's type name; text targets are shown in the
        /// error's category line, so they are redacted and neutralised like its message.</summary>
        static object? Target(object? t) => t switch
        {
            string s => Shown(s),
            string[] ids => Shown(string.Join(", ", ids)),
            IEnumerable<string> list => Shown(string.Join(", ", list)),
            _ => t,
        };

        static string Shown(string s) => Input.Neutralize(Redactor.Process.Redact(s));

        static string? Hint(CloudVmException c) => c.Kind switch
        {
            CloudVmErrorKind.Unauthorized => "Check the API key and run Connect-CloudVm again.",
            CloudVmErrorKind.RateLimited => "The provider limits requests per minute; wait a moment and try again.",
            CloudVmErrorKind.NoSession => "Run Connect-CloudVm.",
            _ => null,
        };

        internal static ErrorCategory Category(CloudVmErrorKind kind) => kind switch
        {
            CloudVmErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            CloudVmErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            CloudVmErrorKind.Unauthorized => ErrorCategory.AuthenticationError,
            CloudVmErrorKind.Forbidden => ErrorCategory.PermissionDenied,
            CloudVmErrorKind.Conflict => ErrorCategory.ResourceBusy,
            CloudVmErrorKind.RateLimited => ErrorCategory.LimitsExceeded,
            CloudVmErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
            CloudVmErrorKind.Network => ErrorCategory.ConnectionError,
            CloudVmErrorKind.NotSupported => ErrorCategory.NotImplemented,
            CloudVmErrorKind.JobFailed => ErrorCategory.OperationStopped,
            CloudVmErrorKind.Timeout => ErrorCategory.OperationTimeout,
            CloudVmErrorKind.InvalidResponse => ErrorCategory.InvalidResult,
            CloudVmErrorKind.NoSession => ErrorCategory.ConnectionError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>A non-terminating error for one item; the pipeline goes on with the others.</summary>
        protected void WriteCloudError(Exception e, object? target) => WriteError(Record(e, target));

        /// <summary>A terminating error for bad input, raised before any request.</summary>
        protected void ThrowCloudError(Exception e, object? target) => ThrowTerminatingError(Record(e, target));

        /// <summary>Runs one item's work; a CloudVm failure becomes that item's error and the rest go on.</summary>
        protected bool Try(object? target, Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (CloudVmException e)
            {
                WriteCloudError(e, target);
                return false;
            }
        }
    }
}

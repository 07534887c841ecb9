using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

// The few pieces of ASP.NET Core's minimal API the providers' routes use, in a form that runs in every PowerShell
// (netstandard2.0, no ASP.NET Core): requests, results, route groups with endpoint filters, and handlers bound by
// parameter name and type as minimal APIs bind them (HttpContext, HttpRequest, route values, then query values, then
// a JSON body for a class). The same names, so a provider's routes read as they did when Kestrel served them.
namespace CloudVm.Emulator.Web;

/// <summary>One request and its answer's headers, as a route handler sees them.</summary>
public sealed class HttpContext
{
    internal HttpContext(HttpRequest request, CancellationToken aborted)
    {
        Request = request;
        request.HttpContext = this;
        RequestAborted = aborted;
    }

    public HttpRequest Request { get; }
    public HttpResponse Response { get; } = new HttpResponse();
    public IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
    public CancellationToken RequestAborted { get; }
}

public sealed class HttpRequest
{
    /// <param name="rawTarget">The path and query exactly as the client wrote them: what signatures are computed over and
    /// what the request log shows. Routes match the path's segments percent-decoded.</param>
    public HttpRequest(string method, string rawTarget, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method.ToUpperInvariant();
        RawTarget = rawTarget;
        var q = rawTarget.IndexOf('?');
        Path = new PathString(q < 0 ? rawTarget : rawTarget.Substring(0, q));
        var queryString = q < 0 ? "" : rawTarget.Substring(q);
        QueryString = new QueryString(queryString);
        Query = QueryCollection.Parse(queryString);
        foreach (var h in headers) Headers[h.Key] = StringValues.Concat(Headers[h.Key], h.Value);
        BodyBytes = body;
        Body = new MemoryStream(body, writable: false);
    }

    public string Method { get; }
    public string RawTarget { get; }
    public PathString Path { get; internal set; }
    public PathString PathBase { get; internal set; } = new PathString("");
    public QueryString QueryString { get; }
    public QueryCollection Query { get; }
    public HeaderDictionary Headers { get; } = new HeaderDictionary();
    /// <summary>The body, readable again and again (set Position = 0).</summary>
    public Stream Body { get; }
    public long? ContentLength => BodyBytes.Length;
    public string? ContentType => Headers.ContainsKey("Content-Type") ? Headers["Content-Type"].ToString() : null;
    /// <summary>The Host header: the authority the client addressed (with its port unless it is the scheme's default).</summary>
    public HostString Host => new HostString(Headers["Host"].ToString());
    public Dictionary<string, object?> RouteValues { get; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
    public HttpContext HttpContext { get; internal set; } = null!;
    internal byte[] BodyBytes { get; }
    public string BodyText => Encoding.UTF8.GetString(BodyBytes);
}

public sealed class HttpResponse
{
    public HeaderDictionary Headers { get; } = new HeaderDictionary();
}

public readonly struct PathString
{
    public PathString(string value) => Value = value;
    public string Value { get; }
    public bool StartsWithSegments(string other) =>
        Value.StartsWith(other, StringComparison.OrdinalIgnoreCase) && (Value.Length == other.Length || Value[other.Length] == '/');
    public override string ToString() => Value;
    public static implicit operator string(PathString p) => p.Value;
}

public readonly struct HostString
{
    public HostString(string value) => Value = value;
    public string Value { get; }
    public override string ToString() => Value;
}

public readonly struct QueryString
{
    public QueryString(string value) => Value = value;
    /// <summary>"?a=1&amp;b=2", or "" without a query.</summary>
    public string Value { get; }
    public override string ToString() => Value;
}

public sealed class QueryCollection : IEnumerable<KeyValuePair<string, StringValues>>
{
    readonly Dictionary<string, StringValues> values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);

    public StringValues this[string key] => values.TryGetValue(key, out var v) ? v : StringValues.Empty;
    public bool ContainsKey(string key) => values.ContainsKey(key);
    public bool TryGetValue(string key, out StringValues value) => values.TryGetValue(key, out value);
    public ICollection<string> Keys => values.Keys;
    public int Count => values.Count;

    internal static QueryCollection Parse(string query)
    {
        var q = new QueryCollection();
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? part : part.Substring(0, eq)).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part.Substring(eq + 1).Replace('+', ' '));
            q.values[key] = StringValues.Concat(q[key], value);
        }
        return q;
    }

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public sealed class HeaderDictionary : IEnumerable<KeyValuePair<string, StringValues>>
{
    readonly Dictionary<string, StringValues> values = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);

    public StringValues this[string key]
    {
        get => values.TryGetValue(key, out var v) ? v : StringValues.Empty;
        set { if (StringValues.IsNullOrEmpty(value)) values.Remove(key); else values[key] = value; }
    }

    public StringValues Authorization { get => this["Authorization"]; set => this["Authorization"] = value; }
    public StringValues RetryAfter { get => this["Retry-After"]; set => this["Retry-After"] = value; }
    public StringValues Location { get => this["Location"]; set => this["Location"] = value; }
    public StringValues ContentEncoding { get => this["Content-Encoding"]; set => this["Content-Encoding"] = value; }
    public bool ContainsKey(string key) => values.ContainsKey(key);
    public int Count => values.Count;

    public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>An answer: a status, a content type and a body (none for 204 and bare statuses).</summary>
public interface IResult
{
    int StatusCode { get; }
    string? ContentType { get; }
    string? Body { get; }
}

sealed class Answer : IResult
{
    public Answer(int status, string? contentType, string? body) { StatusCode = status; ContentType = contentType; Body = body; }
    public int StatusCode { get; }
    public string? ContentType { get; }
    public string? Body { get; }
}

public static class Results
{
    static readonly JsonSerializerOptions Web = new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public static IResult Text(string content, string? contentType = null, Encoding? contentEncoding = null, int? statusCode = null) =>
        new Answer(statusCode ?? 200, contentType ?? "text/plain; charset=utf-8", content);
    public static IResult StatusCode(int statusCode) => new Answer(statusCode, null, null);
    public static IResult NoContent() => new Answer(204, null, null);
    public static IResult Ok(object? value = null) =>
        value == null ? new Answer(200, null, null) : new Answer(200, "application/json; charset=utf-8", JsonSerializer.Serialize(value, value.GetType(), Web));
}

public sealed class EndpointFilterInvocationContext
{
    internal EndpointFilterInvocationContext(HttpContext http) => HttpContext = http;
    public HttpContext HttpContext { get; }
}

public delegate ValueTask<object?> EndpointFilterDelegate(EndpointFilterInvocationContext context);

/// <summary>Where routes are mapped: the root of an emulator, or a group under a prefix with its own filters.</summary>
public class RouteGroupBuilder
{
    readonly Routes root;
    readonly string prefix;
    readonly List<Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>> filters;

    internal RouteGroupBuilder(Routes? root, string prefix, List<Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>> filters)
    {
        this.root = root ?? (Routes)this;
        this.prefix = prefix;
        this.filters = filters;
    }

    public RouteGroupBuilder MapGroup(string groupPrefix) =>
        new RouteGroupBuilder(root, Join(prefix, groupPrefix), new List<Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>>(filters));

    public RouteGroupBuilder AddEndpointFilter(Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> filter)
    {
        filters.Add(filter);
        return this;
    }

    public void MapGet(string pattern, Delegate handler) => MapMethods(pattern, new[] { "GET" }, handler);
    public void MapPost(string pattern, Delegate handler) => MapMethods(pattern, new[] { "POST" }, handler);
    public void MapPut(string pattern, Delegate handler) => MapMethods(pattern, new[] { "PUT" }, handler);
    public void MapPatch(string pattern, Delegate handler) => MapMethods(pattern, new[] { "PATCH" }, handler);
    public void MapDelete(string pattern, Delegate handler) => MapMethods(pattern, new[] { "DELETE" }, handler);

    public void MapMethods(string pattern, IEnumerable<string> methods, Delegate handler) =>
        root.Add(new Route(Join(prefix, pattern), methods.Select(m => m.ToUpperInvariant()).ToArray(), handler, filters.ToArray()));

    static string Join(string a, string b) => "/" + (a.Trim('/') + "/" + b.Trim('/')).Trim('/');
}

/// <summary>The route table: matches a request to a route (literal segments before parameters, as ASP.NET Core
/// orders them), binds the handler's parameters, runs the group's filters around it.</summary>
public sealed class Routes : RouteGroupBuilder
{
    readonly List<Route> routes = new List<Route>();

    public Routes() : base(null, "", new List<Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>>()) { }

    internal void Add(Route route) => routes.Add(route);

    /// <summary>The answer of the route the request matches: 404 when no route has its path, 405 when no route of its
    /// path takes its method.</summary>
    public async Task<IResult> DispatchAsync(HttpContext http)
    {
        var segments = Segments(http.Request.Path.Value);
        Route? best = null;
        Dictionary<string, string>? values = null;
        bool pathMatched = false;
        foreach (var r in routes)
        {
            var v = r.Match(segments);
            if (v == null) continue;
            pathMatched = true;
            if (!r.Methods.Contains(http.Request.Method)) continue;
            if (best == null || r.Precedes(best)) { best = r; values = v; }
        }
        if (best == null) return Results.StatusCode(pathMatched ? 405 : 404);
        foreach (var kv in values!) http.Request.RouteValues[kv.Key] = kv.Value;
        var result = await best.InvokeAsync(http).ConfigureAwait(false);
        return result as IResult ?? (result == null ? Results.StatusCode(200) : Results.Ok(result));
    }

    internal static string[] Segments(string path) => path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
}

sealed class Route
{
    static readonly JsonSerializerOptions Web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
    readonly string[] template;
    readonly Delegate handler;
    readonly ParameterInfo[] parameters;
    readonly Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>[] filters;

    public Route(string pattern, string[] methods, Delegate handler, Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>>[] filters)
    {
        template = Routes.Segments(pattern);
        Methods = methods;
        this.handler = handler;
        parameters = handler.Method.GetParameters();
        this.filters = filters;
    }

    public string[] Methods { get; }

    static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[segment.Length - 1] == '}';

    public Dictionary<string, string>? Match(string[] segments)
    {
        if (segments.Length != template.Length) return null;
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < segments.Length; i++)
        {
            if (IsParameter(template[i])) values[template[i].Substring(1, template[i].Length - 2)] = Uri.UnescapeDataString(segments[i]);
            else if (!string.Equals(template[i], segments[i], StringComparison.OrdinalIgnoreCase)) return null;
        }
        return values;
    }

    /// <summary>True when this route wins over <paramref name="other"/>: the first segment where they differ is a literal here.</summary>
    public bool Precedes(Route other)
    {
        for (int i = 0; i < template.Length && i < other.template.Length; i++)
        {
            bool mine = IsParameter(template[i]), theirs = IsParameter(other.template[i]);
            if (mine != theirs) return !mine;
        }
        return false;
    }

    public async Task<object?> InvokeAsync(HttpContext http)
    {
        EndpointFilterDelegate next = _ => CallAsync(http);
        for (int i = filters.Length - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var inner = next;
            next = c => filter(c, inner);
        }
        return await next(new EndpointFilterInvocationContext(http)).ConfigureAwait(false);
    }

    async ValueTask<object?> CallAsync(HttpContext http)
    {
        var args = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++) args[i] = await BindAsync(parameters[i], http).ConfigureAwait(false);
        object? result;
        try { result = handler.DynamicInvoke(args); }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        if (result is Task task)
        {
            await task.ConfigureAwait(false);
            var type = task.GetType();
            return type.IsGenericType ? type.GetProperty("Result")!.GetValue(task) : null;
        }
        return result;
    }

    static async Task<object?> BindAsync(ParameterInfo p, HttpContext http)
    {
        var t = p.ParameterType;
        if (t == typeof(HttpContext)) return http;
        if (t == typeof(HttpRequest)) return http.Request;
        if (t == typeof(CancellationToken)) return http.RequestAborted;
        var underlying = Nullable.GetUnderlyingType(t) ?? t;
        if (underlying == typeof(string) || underlying.IsPrimitive || underlying == typeof(decimal) || underlying == typeof(Guid))
        {
            string? text = http.Request.RouteValues.TryGetValue(p.Name!, out var rv) ? rv as string : null;
            if (text == null && http.Request.Query.ContainsKey(p.Name!)) text = http.Request.Query[p.Name!].ToString();
            if (text == null) return t.IsValueType && Nullable.GetUnderlyingType(t) == null ? Activator.CreateInstance(t) : null;
            if (underlying == typeof(string)) return text;
            if (underlying == typeof(bool)) return bool.TryParse(text, out var b) ? b : (object?)null;
            if (underlying == typeof(Guid)) return Guid.TryParse(text, out var g) ? g : (object?)null;
            try { return Convert.ChangeType(text, underlying, CultureInfo.InvariantCulture); }
            catch (FormatException) { return null; }
            catch (OverflowException) { return null; }
        }
        // A class: the JSON body, as minimal APIs bind it.
        http.Request.Body.Position = 0;
        try { return await JsonSerializer.DeserializeAsync(http.Request.Body, t, Web).ConfigureAwait(false); }
        catch (JsonException) { return null; }
        finally { http.Request.Body.Position = 0; }
    }
}

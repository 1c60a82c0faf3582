using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Api;

/// <summary>
/// A request body read as a JSON object, with typed field readers that collect every problem; <see cref="Error"/>
/// is then one 400 <c>{detail}</c> naming them all. Reading is bounded by <see cref="ApiOptions.MaxBodyBytes"/>.
/// </summary>
internal sealed class ApiBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };
    private readonly List<string> _errors = [];

    private ApiBody(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    /// <summary>The 400 response naming every problem found so far, or null when there is none.</summary>
    public IResult? Error => _errors.Count == 0 ? null : ApiErrors.BadRequest(string.Join("; ", _errors));

    /// <summary>Reads the request's JSON object, or gives the 400 (or 413) response when it is not one.</summary>
    public static async Task<(ApiBody? Body, IResult? Error)> ReadAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return (null, ApiErrors.Detail(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiErrors.Detail(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, ApiErrors.BadRequest("The request body must be a JSON object."));
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray(), documentOptions: DocumentOptions) is JsonObject json
                ? (new ApiBody(json), null)
                : (null, ApiErrors.BadRequest("The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.BadRequest("The request body is not valid JSON: " + ex.Message));
        }
    }

    public bool Has(string name) => Json.ContainsKey(name);

    /// <summary>A string field; null when absent or JSON null (an error when <paramref name="required"/>).</summary>
    public string? String(string name, bool required = false, int maxLength = 10_000, bool allowEmpty = true)
    {
        var node = Json[name];
        if (node is null)
        {
            if (required)
            {
                _errors.Add($"'{name}' is required");
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            _errors.Add($"'{name}' must be a string");
            return null;
        }

        if (text.Length > maxLength)
        {
            _errors.Add($"'{name}' is longer than {maxLength} characters");
            return null;
        }

        if (!allowEmpty && text.Trim().Length == 0)
        {
            _errors.Add($"'{name}' must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>A boolean field; null when absent or JSON null.</summary>
    public bool? Bool(string name)
    {
        var node = Json[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        _errors.Add($"'{name}' must be true or false");
        return null;
    }

    /// <summary>An object field; null when absent or JSON null.</summary>
    public JsonObject? Object(string name, bool required = false)
    {
        var node = Json[name];
        if (node is null)
        {
            if (required)
            {
                _errors.Add($"'{name}' is required");
            }

            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        _errors.Add($"'{name}' must be an object");
        return null;
    }

    /// <summary>A list of strings; null when absent or JSON null.</summary>
    public IReadOnlyList<string>? Strings(string name, int maxCount = 10_000)
    {
        var node = Json[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonArray array && array.Count <= maxCount && array.All(e => e is JsonValue v && v.TryGetValue<string>(out _)))
        {
            return [.. array.Select(e => e!.GetValue<string>())];
        }

        _errors.Add($"'{name}' must be a list of at most {maxCount} strings");
        return null;
    }

    /// <summary>Records a problem found by the endpoint itself.</summary>
    public void Fail(string problem) => _errors.Add(problem);

    /// <summary>Whether no problem was found.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => _errors.Count == 0;
}

using System.Text.Json;
using ConPaaS.Domain.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ConPaaS.Portal.Api;

/// <summary>Turns a refused command into an RFC 7807 body with the message the person can act on.</summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { InnerException: JsonException json } badJson)
        {
            var (detail, field) = JsonBodyErrors.Describe(json, context);
            var problem = new ProblemDetails { Title = "Invalid request", Detail = detail, Status = badJson.StatusCode };
            if (field is not null)
                problem.Extensions["field"] = field;
            return await WriteAsync(context, exception, problem);
        }

        if (exception is BadHttpRequestException badRequest)
            return await WriteAsync(context, exception, new ProblemDetails
            {
                Title = "Invalid request",
                Detail = $"{badRequest.Message} Check that the body is well-formed JSON of the documented shape (see /openapi/v1.json).",
                Status = badRequest.StatusCode,
            });

        if (exception is not DomainException domain)
            return false;

        context.Response.StatusCode = domain switch
        {
            InvalidInputException => StatusCodes.Status400BadRequest,
            UnauthorizedException => StatusCodes.Status401Unauthorized,
            ForbiddenException => StatusCodes.Status403Forbidden,
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException => StatusCodes.Status409Conflict,
            TooManyRequestsException => StatusCodes.Status429TooManyRequests,
            Infrastructure.Credits.OutOfCreditException => StatusCodes.Status402PaymentRequired,
            _ => StatusCodes.Status400BadRequest,
        };
        var details = new ProblemDetails { Title = domain.Title, Detail = domain.Message, Status = context.Response.StatusCode };
        if (domain is InvalidInputException invalid)
            details.Extensions["field"] = invalid.Field;
        return await WriteAsync(context, exception, details);
    }

    private async ValueTask<bool> WriteAsync(HttpContext context, Exception exception, ProblemDetails details)
    {
        context.Response.StatusCode = details.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}

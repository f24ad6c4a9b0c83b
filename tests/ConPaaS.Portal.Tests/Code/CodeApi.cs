using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConPaaS.Domain.Contracts;
using ConPaaS.Portal.Tests.Support;

namespace ConPaaS.Portal.Tests.Code;

/// <summary>The code endpoints as a client calls them.</summary>
public static class CodeApi
{
    public static async Task<IReadOnlyList<CodeVersionDto>> ListAsync(this ApiUser user, int serviceId)
    {
        var response = await user.Http.GetAsync($"/api/v1/services/{serviceId}/code");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<CodeVersionDto>>())!;
    }

    public static Task<HttpResponseMessage> UploadAsync(this ApiUser user, int serviceId, byte[] archive, string fileName, string? description = null)
    {
        var form = new MultipartFormDataContent();
        if (description is not null)
            form.Add(new StringContent(description), "description");
        var file = new ByteArrayContent(archive);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "archive", fileName);
        return user.Http.PostAsync($"/api/v1/services/{serviceId}/code", form);
    }

    public static async Task<CodeVersionDto> UploadOkAsync(this ApiUser user, int serviceId, byte[] archive, string fileName, string? description = null)
    {
        var response = await user.UploadAsync(serviceId, archive, fileName, description);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CodeVersionDto>())!;
    }

    public static async Task<byte[]> DownloadAsync(this ApiUser user, int serviceId, string version)
    {
        var response = await user.Http.GetAsync($"/api/v1/services/{serviceId}/code/{version}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<ServiceDto> CreatePhpServiceAsync(this ApiUser user, string type = "php")
    {
        var application = await user.CreateApplicationAsync($"app-{Guid.NewGuid():N}"[..12]);
        return await user.CreateServiceAsync(application.Id, type);
    }

    public static string Token(this ApiUser user) => user.Http.DefaultRequestHeaders.Authorization!.Parameter!;
}

namespace ConPaaS.Agent.Code;

public static class CodeStoreRegistration
{
    /// <summary>The node's code versions (for php and java roles) and the serializers of their endpoints.</summary>
    public static IServiceCollection AddCodeStore(this IServiceCollection services)
    {
        services.AddSingleton<CodeStore>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(CodeJsonContext.Default));
        return services;
    }
}

namespace ConPaaS.Infrastructure.Clouds;

/// <summary>All configured clouds (<c>ConPaaS:Clouds</c>) and the data folder they keep their state in.</summary>
public sealed class CloudsOptions
{
    /// <summary>The installation's data folder (<c>ConPaaS:DataDirectory</c>), absolute.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The portal's address as new machines reach it (<c>ConPaaS:PublicUrl</c>): they fetch the agent there.</summary>
    public string PublicUrl { get; set; } = "";

    public List<CloudOptions> Clouds { get; set; } = [];
}

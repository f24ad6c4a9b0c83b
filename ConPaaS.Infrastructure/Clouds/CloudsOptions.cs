namespace ConPaaS.Infrastructure.Clouds;

/// <summary>All configured clouds (<c>ConPaaS:Clouds</c>) and the data folder they keep their state in.</summary>
public sealed class CloudsOptions
{
    /// <summary>The installation's data folder (<c>ConPaaS:DataDirectory</c>), absolute.</summary>
    public string DataDirectory { get; set; } = "";

    public List<CloudOptions> Clouds { get; set; } = [];
}

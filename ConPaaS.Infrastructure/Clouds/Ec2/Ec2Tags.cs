namespace ConPaaS.Infrastructure.Clouds.Ec2;

/// <summary>The tags every instance of ours carries; the sanity check finds instances by the installation tag.</summary>
public static class Ec2Tags
{
    public const string Installation = "conpaas:installation";
    public const string Node = "conpaas:node";
    public const string Roles = "conpaas:roles";
    public const string Service = "conpaas:service";
    public const string Name = "Name";
}

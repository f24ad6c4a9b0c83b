namespace ConPaaS.Infrastructure.Clouds.OpenNebula;

/// <summary>The attributes every VM of ours carries in its template; the sanity check finds VMs by the installation mark.</summary>
public static class OpenNebulaMarks
{
    public const string Installation = "CONPAAS_INSTALLATION";
    public const string Node = "CONPAAS_NODE";
    public const string Roles = "CONPAAS_ROLES";
    public const string Service = "CONPAAS_SERVICE";
    public const string InstanceType = "CONPAAS_INSTANCE_TYPE";
}

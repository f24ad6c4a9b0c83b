using ConPaaS.Infrastructure.Clouds.Vm;

namespace ConPaaS.Infrastructure.Clouds.Ec2;

/// <summary>
/// Settings of the <c>ec2</c> driver (<c>ConPaaS:Clouds:N:Ec2</c>). Without an access key the SDK's standard
/// chain is used (environment, shared credentials file, instance role). <see cref="ServiceUrl"/> points the
/// driver at any EC2-compatible endpoint.
/// </summary>
public sealed class Ec2CloudOptions
{
    /// <summary>The AWS region, e.g. <c>eu-west-1</c>; also the signing region of a <see cref="ServiceUrl"/>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>An EC2-compatible endpoint instead of AWS's own for <see cref="Region"/>; empty for AWS.</summary>
    public string ServiceUrl { get; set; } = "";

    public string AccessKeyId { get; set; } = "";

    /// <summary>Secret: never logged, never shown back on the portal.</summary>
    public string SecretAccessKey { get; set; } = "";

    /// <summary>The machine image (AMI): a plain Debian/Ubuntu one, or a ready node image (scripts/node-image/).</summary>
    public string ImageId { get; set; } = "";

    /// <summary>The subnet to start nodes in; empty for the default VPC's default subnet.</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>Security groups; they must let the portal reach the agent port.</summary>
    public List<string> SecurityGroupIds { get; set; } = [];

    /// <summary>An EC2 key pair for SSH access to nodes; empty for none.</summary>
    public string KeyName { get; set; } = "";

    /// <summary>Start spot instances instead of on-demand ones.</summary>
    public bool Spot { get; set; }

    /// <summary>The highest hourly spot price to pay; empty for the on-demand price.</summary>
    public string SpotMaxPrice { get; set; } = "";

    /// <summary>How often a throttled or transiently failed call is retried (with the SDK's backoff).</summary>
    public int MaxErrorRetry { get; set; } = 4;

    public VmBootstrapOptions Bootstrap { get; set; } = new();
}

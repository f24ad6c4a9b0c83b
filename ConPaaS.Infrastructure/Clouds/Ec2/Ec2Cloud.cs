using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using ConPaaS.Infrastructure.Clouds.Vm;

namespace ConPaaS.Infrastructure.Clouds.Ec2;

/// <summary>
/// Nodes on EC2 (or any endpoint speaking its API): RunInstances with the node's user-data and our tags,
/// DescribeInstances until running with an address, TerminateInstances. Throttling and transient errors are
/// retried by the SDK (standard mode, exponential backoff with jitter); what remains becomes a message that
/// says what to fix. Credentials come from the cloud's settings or the SDK's standard chain and are never logged.
/// </summary>
public sealed class Ec2Cloud : VmCloud, IDisposable
{
    public const string DriverName = "ec2";

    private readonly Ec2CloudOptions _options;
    private readonly AmazonEC2Client _client;

    public Ec2Cloud(CloudOptions cloud, VmCloudServices services) : base(cloud, cloud.Ec2.Bootstrap, services)
    {
        _options = cloud.Ec2;
        if (string.IsNullOrWhiteSpace(_options.ImageId))
            throw new ArgumentException($"The EC2 cloud '{cloud.Name}' needs an ImageId.", nameof(cloud));
        var config = new AmazonEC2Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = _options.MaxErrorRetry,
            AuthenticationRegion = _options.Region,
        };
        if (string.IsNullOrEmpty(_options.ServiceUrl))
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_options.Region);
        else
            config.ServiceURL = _options.ServiceUrl;
        _client = string.IsNullOrEmpty(_options.AccessKeyId)
            ? new AmazonEC2Client(config)
            : new AmazonEC2Client(new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey), config);
    }

    public override string Driver => DriverName;

    protected override async Task<string> LaunchAsync(VmLaunch launch, CancellationToken cancellationToken)
    {
        var request = new RunInstancesRequest
        {
            ImageId = _options.ImageId,
            InstanceType = InstanceType.FindValue(launch.InstanceType),
            MinCount = 1,
            MaxCount = 1,
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(launch.UserData)),
            // The same token for the same node and attempt: a retried call cannot start a second instance.
            ClientToken = Truncate($"{launch.InstallationId}-{launch.Spec.NodeId}-{launch.Attempt}", 64),
            TagSpecifications =
            [
                new TagSpecification
                {
                    ResourceType = ResourceType.Instance,
                    Tags =
                    [
                        new Tag(Ec2Tags.Name, $"conpaas-{launch.Spec.NodeId}"),
                        new Tag(Ec2Tags.Installation, launch.InstallationId),
                        new Tag(Ec2Tags.Node, launch.Spec.NodeId),
                        new Tag(Ec2Tags.Roles, string.Join(',', launch.Spec.Roles)),
                        new Tag(Ec2Tags.Service, launch.Spec.ServiceId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    ],
                },
            ],
        };
        if (!string.IsNullOrEmpty(_options.KeyName))
            request.KeyName = _options.KeyName;
        if (!string.IsNullOrEmpty(_options.SubnetId))
            request.SubnetId = _options.SubnetId;
        if (_options.SecurityGroupIds.Count > 0)
            request.SecurityGroupIds = [.. _options.SecurityGroupIds];
        if (_options.Spot)
        {
            request.InstanceMarketOptions = new InstanceMarketOptionsRequest
            {
                MarketType = MarketType.Spot,
                SpotOptions = new SpotMarketOptions
                {
                    SpotInstanceType = SpotInstanceType.OneTime,
                    InstanceInterruptionBehavior = InstanceInterruptionBehavior.Terminate,
                    MaxPrice = string.IsNullOrEmpty(_options.SpotMaxPrice) ? null : _options.SpotMaxPrice,
                },
            };
        }
        var response = await CallAsync(() => _client.RunInstancesAsync(request, cancellationToken), launch.Spec.NodeId, launch.InstanceType);
        return response.Reservation?.Instances?.FirstOrDefault()?.InstanceId
            ?? throw new CloudException(Name, $"EC2 answered RunInstances for node {launch.Spec.NodeId} without an instance.") { NodeIds = [launch.Spec.NodeId] };
    }

    protected override async Task<VmInstance> DescribeAsync(string instanceId, string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync(
                () => _client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken), nodeId, null);
            var instance = response.Reservations?.SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == instanceId);
            return instance is null ? Missing(instanceId, nodeId) : ToVmInstance(instance);
        }
        catch (CloudException exception) when (exception.InnerException is AmazonEC2Exception { ErrorCode: "InvalidInstanceID.NotFound" })
        {
            return Missing(instanceId, nodeId);
        }
    }

    protected override async Task TerminateInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(() => _client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instanceId] }, cancellationToken), null, null);
        }
        catch (CloudException exception) when (exception.InnerException is AmazonEC2Exception { ErrorCode: "InvalidInstanceID.NotFound" })
        {
            // Already gone.
        }
    }

    protected override async Task<IReadOnlyList<VmInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        var instances = new List<VmInstance>();
        string? next = null;
        do
        {
            var request = new DescribeInstancesRequest
            {
                Filters =
                [
                    new Filter($"tag:{Ec2Tags.Installation}", [InstallationId]),
                    new Filter("instance-state-name", ["pending", "running"]),
                ],
                NextToken = next,
            };
            var response = await CallAsync(() => _client.DescribeInstancesAsync(request, cancellationToken), null, null);
            instances.AddRange(response.Reservations?.SelectMany(r => r.Instances ?? []).Select(ToVmInstance).Where(i => i.NodeId.Length > 0) ?? []);
            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return instances;
    }

    public void Dispose() => _client.Dispose();

    private VmInstance ToVmInstance(Instance instance)
    {
        var tags = instance.Tags ?? [];
        var state = instance.State?.Name?.Value switch
        {
            "pending" => VmState.Pending,
            "running" => VmState.Running,
            _ => VmState.Gone,
        };
        var address = Bootstrap.UsePublicAddress ? instance.PublicIpAddress : instance.PrivateIpAddress;
        return new VmInstance(
            instance.InstanceId,
            tags.FirstOrDefault(t => t.Key == Ec2Tags.Node)?.Value ?? "",
            state,
            string.IsNullOrEmpty(address) ? null : address,
            instance.InstanceType?.Value ?? "",
            (tags.FirstOrDefault(t => t.Key == Ec2Tags.Roles)?.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            instance.LaunchTime is { } launched ? new DateTimeOffset(DateTime.SpecifyKind(launched, DateTimeKind.Utc)) : DateTimeOffset.UtcNow,
            instance.StateReason?.Message);
    }

    private static VmInstance Missing(string instanceId, string nodeId) =>
        new(instanceId, nodeId, VmState.Gone, null, "", [], DateTimeOffset.UtcNow, "EC2 no longer knows the instance");

    /// <summary>Runs one SDK call (the SDK has retried already) and turns what is left into a message that says what to fix.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string? nodeId, string? instanceType)
    {
        try
        {
            return await call();
        }
        catch (AmazonEC2Exception exception)
        {
            throw new CloudException(Name, Explain(exception.ErrorCode, exception.Message, instanceType), exception) { NodeIds = nodeId is null ? [] : [nodeId] };
        }
        catch (AmazonServiceException exception)
        {
            throw new CloudException(Name, $"The EC2 endpoint of cloud '{Name}' failed: {exception.Message}", exception) { NodeIds = nodeId is null ? [] : [nodeId] };
        }
        catch (AmazonClientException exception)
        {
            throw new CloudException(Name, $"The cloud '{Name}' could not call EC2: {exception.Message}", exception) { NodeIds = nodeId is null ? [] : [nodeId] };
        }
        catch (HttpRequestException exception)
        {
            throw new CloudException(Name, $"The cloud '{Name}' could not reach its EC2 endpoint: {exception.Message}", exception) { NodeIds = nodeId is null ? [] : [nodeId] };
        }
    }

    private string Explain(string? code, string message, string? instanceType) => code switch
    {
        "AuthFailure" or "UnauthorizedOperation" or "InvalidClientTokenId" or "SignatureDoesNotMatch" or "OptInRequired" =>
            $"EC2 refused the credentials of cloud '{Name}' ({code}: {message}). Check its AccessKeyId and SecretAccessKey, or the machine's AWS credentials.",
        "InsufficientInstanceCapacity" or "InsufficientCapacity" or "InstanceLimitExceeded" or "VcpuLimitExceeded"
            or "SpotMaxPriceTooLow" or "MaxSpotInstanceCountExceeded" or "InsufficientFreeAddressesInSubnet" =>
            $"EC2 has no capacity for instance type '{instanceType}' on cloud '{Name}' now ({code}: {message}). Try another instance type or cloud, or later.",
        not null when code.StartsWith("InvalidAMIID", StringComparison.Ordinal) =>
            $"The image '{_options.ImageId}' of cloud '{Name}' cannot be used ({code}: {message}). Fix the cloud's ImageId.",
        "RequestLimitExceeded" or "Throttling" =>
            $"EC2 kept throttling cloud '{Name}' after {_options.MaxErrorRetry} retries ({code}: {message}). Try again in a few minutes.",
        _ => $"EC2 refused a request of cloud '{Name}' ({code}: {message}).",
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

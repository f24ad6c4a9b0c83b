namespace ConPaaS.Domain.Manifests;

/// <summary>One manifest entry of a deployment: which service it became and how far it came.</summary>
public sealed class DeploymentService
{
    private DeploymentService() { }

    public DeploymentService(int index, string type, string name)
    {
        Index = index;
        Type = type;
        Name = name;
        Step = "Waiting";
    }

    public int Id { get; private set; }
    public int DeploymentId { get; private set; }

    /// <summary>The entry's position in the manifest's <c>Services</c> (for error messages: <c>Services[1]</c>).</summary>
    public int Index { get; private set; }

    public string Type { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int? ServiceId { get; private set; }
    public DeploymentStage Stage { get; private set; }

    /// <summary>What happens now, in words for the user ("Loading the dump").</summary>
    public string Step { get; private set; } = "";

    public string? Error { get; private set; }

    public void Created(int serviceId)
    {
        ServiceId = serviceId;
        Stage = DeploymentStage.Created;
    }

    public void Working(string step) => Step = step;

    public void Reached(DeploymentStage stage, string step)
    {
        Stage = stage;
        Step = step;
    }

    public void Fail(string error) => Error = error;
}

using ConPaaS.Domain.Services;

namespace ConPaaS.Domain.Applications;

/// <summary>A named set of services belonging to one user.</summary>
public sealed class Application
{
    private Application() { }

    public Application(string ownerId, string name, DateTimeOffset now)
    {
        OwnerId = ownerId;
        Name = Names.Validate(name, "name");
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public List<Service> Services { get; private set; } = [];

    public void Rename(string name) => Name = Names.Validate(name, "name");
}

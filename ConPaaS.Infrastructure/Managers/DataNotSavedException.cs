namespace ConPaaS.Infrastructure.Managers;

/// <summary>
/// A stop (or removal) could not save the data its nodes hold: the operation fails and, unlike other failures,
/// every node keeps running, since terminating them would lose the data.
/// </summary>
public sealed class DataNotSavedException(string message) : ManagerException(message);

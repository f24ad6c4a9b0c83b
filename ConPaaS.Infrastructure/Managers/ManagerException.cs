namespace ConPaaS.Infrastructure.Managers;

/// <summary>A manager step that failed, with a message for the service page.</summary>
public class ManagerException(string message, Exception? inner = null) : Exception(message, inner);

namespace ConPaaS.Infrastructure.Managers;

/// <summary>Records where an operation is (persisted and shown live): the step in words, and units done of a total.</summary>
public delegate Task OperationProgress(string step, int done, int total);

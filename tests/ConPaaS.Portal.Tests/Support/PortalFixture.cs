namespace ConPaaS.Portal.Tests.Support;

/// <summary>One portal shared by the tests of a class; each test makes users of its own, so they never see each other's data.</summary>
public sealed class PortalFixture : PortalFactory;

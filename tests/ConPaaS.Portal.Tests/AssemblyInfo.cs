// Hangfire keeps its job activator in process-wide static configuration: with two in-process portals running at
// once, a job enqueued by one can be activated with the other's services and run against the wrong database.
// A real portal is one per process; here the portals' test classes take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
